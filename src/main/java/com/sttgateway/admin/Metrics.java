package com.sttgateway.admin;

import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobSearch;
import com.sttgateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /metrics}: the Prometheus text format. The journal gauges (jobs per state, oldest unfinished age) are
 * refreshed from the index first, so a scrape never reads a stale snapshot and no timer queries an idle journal.
 * Event loop; the queries and the scrape run on workers.
 */
record Metrics(JobSearch search, GatewayMetrics metrics) {

  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  void mount(Router router) {
    router.get("/metrics").handler(this::scrape);
  }

  private void scrape(RoutingContext ctx) {
    Future.all(search.countByState(), search.oldestUnfinished())
        .compose(both -> {
          JobRecord oldest = both.resultAt(1);
          long age = oldest == null ? 0 : Math.max(0, Duration.between(oldest.created(), Instant.now()).toSeconds());
          metrics.journal(both.resultAt(0), age);
          return ctx.vertx().executeBlocking(metrics::scrape, false);
        })
        .onSuccess(text -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
        .onFailure(ctx::fail);
  }
}
