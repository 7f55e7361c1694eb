package com.sttgateway.admin;

import com.sttgateway.journal.JobFilter;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobSearch;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.jobs.Unindexed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ops/jobs} (filtered, paged with a cursor) and {@code GET /ops/jobs/{id}} (the full record, read from
 * the store while the index is rebuilt).
 */
record JobQueries(JobSearch search, JobJournal journal, ObjectStore store) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  void mount(Router router) {
    router.get("/ops/jobs").handler(ctx -> Ops.respond(ctx, 200, list(ctx)));
    router.get("/ops/jobs/:id").handler(ctx -> Ops.respond(ctx, 200, detail(ctx.pathParam("id"))));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    JobFilter filter;
    int limit;
    try {
      filter = JobFilter.fromParams(ctx.request()::getParam);
      limit = limit(ctx.request().getParam("limit"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String cursor = ctx.request().getParam("cursor");
    // Absent or empty: the first page. Anything else must be a cursor an earlier page gave (else 400).
    return search.page(filter, cursor == null || cursor.isEmpty() ? null : cursor, limit).map(page -> {
      JsonArray jobs = new JsonArray();
      page.jobs().forEach(r -> jobs.add(JobViews.summary(r)));
      return new JsonObject().put("jobs", jobs).put("next", page.next())
          .put("indexComplete", journal.index().complete()); // false: the page may lack jobs not yet indexed
    });
  }

  private Future<JsonObject> detail(String id) {
    return Unindexed.find(journal, store, id).compose(r -> r == null ? Future.failedFuture(Ops.notFound(id))
        : Future.succeededFuture(JobViews.detail(r)));
  }

  private static int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    if (!value.strip().matches("\\d{1,4}") || Integer.parseInt(value.strip()) < 1
        || Integer.parseInt(value.strip()) > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: '" + value + "' (expected: a whole number from 1 to " + MAX_LIMIT
          + ")");
    }
    return Integer.parseInt(value.strip());
  }
}
