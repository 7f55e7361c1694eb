package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;

/**
 * The fault-control port (/__sim/...): no auth, so it binds to the same host as the API, loopback by default.
 * Each call answers 200 with a small JSON; bad parameters answer 400. Event loop only.
 */
record AdminRoutes(Simulator simulator) {

  static Router build(Vertx vertx, Simulator simulator) {
    AdminRoutes admin = new AdminRoutes(simulator);
    Router router = Router.router(vertx);
    router.post("/__sim/down").handler(admin::down);
    router.post("/__sim/up").handler(ctx -> reply(ctx, simulator.comeBack(), new JsonObject().put("down", false)));
    router.post("/__sim/wipe").handler(admin::wipe);
    router.post("/__sim/forget").handler(ctx -> Replies.json(ctx.response(), 200,
        new JsonObject().put("forgotten", simulator.forget((int) number(ctx, "jobs", "0")))));
    router.post("/__sim/seed").handler(admin::seed);
    router.post("/__sim/throttle").handler(admin::throttle);
    router.post("/__sim/slow").handler(admin::slow);
    router.post("/__sim/reset").handler(ctx -> reply(ctx, simulator.reset(), new JsonObject().put("reset", true)));
    router.get("/__sim/stats").handler(ctx -> Replies.json(ctx.response(), 200, simulator.stats().toJson()));
    router.route().failureHandler(Replies::failure);
    return router;
  }

  private void down(RoutingContext ctx) {
    String mode = ctx.request().getParam("mode", "refuse").toLowerCase(Locale.ROOT);
    DownMode downMode = switch (mode) {
      case "refuse" -> DownMode.REFUSE;
      case "503", "unavailable" -> DownMode.UNAVAILABLE;
      default -> null;
    };
    if (downMode == null) {
      ctx.fail(ApiException.badRequest("mode: '" + mode + "' (expected: refuse or 503)"));
      return;
    }
    reply(ctx, simulator.goDown(downMode), new JsonObject().put("down", true).put("mode", mode));
  }

  private void wipe(RoutingContext ctx) {
    int jobs = simulator.stats().jobsKnown();
    simulator.wipe();
    Replies.json(ctx.response(), 200, new JsonObject().put("wiped", true).put("jobs", jobs));
  }

  private void seed(RoutingContext ctx) {
    String jobs = ctx.request().getParam("jobs", "0");
    int count;
    try {
      count = Integer.parseInt(jobs);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("jobs: '" + jobs + "' (expected: a whole number)");
    }
    reply(ctx, simulator.seed(count).recover(err -> Future.failedFuture(ApiException.badRequest(err.getMessage()))),
        new JsonObject().put("seeded", count));
  }

  private void throttle(RoutingContext ctx) {
    double fraction = number(ctx, "fraction", "0");
    int retryAfter = (int) number(ctx, "retry_after", "1");
    try {
      simulator.throttle(fraction, retryAfter);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    Replies.json(ctx.response(), 200, new JsonObject().put("fraction", fraction).put("retry_after", retryAfter));
  }

  private void slow(RoutingContext ctx) {
    long latency = (long) number(ctx, "latency_ms", "0");
    long created = (long) number(ctx, "created_reply_ms", "0");
    if (latency < 0 || created < 0) {
      throw ApiException.badRequest("latency_ms: " + latency + ", created_reply_ms: " + created
          + " (expected: >= 0)");
    }
    simulator.slowDown(Duration.ofMillis(latency));
    simulator.delayCreatedReplies(Duration.ofMillis(created));
    Replies.json(ctx.response(), 200, new JsonObject().put("latency_ms", latency).put("created_reply_ms", created));
  }

  private static double number(RoutingContext ctx, String name, String fallback) {
    String value = ctx.request().getParam(name, fallback);
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + ": '" + value + "' (expected: a number)");
    }
  }

  private static void reply(RoutingContext ctx, Future<Void> change, JsonObject body) {
    change.compose(v -> Replies.json(ctx.response(), 200, body)).onFailure(ctx::fail);
  }
}
