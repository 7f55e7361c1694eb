package com.sttgateway.admin;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobFilter;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobSearch;
import com.sttgateway.recovery.RecoveryRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bulk replay as a server-side task: {@code POST /ops/replays} plans from a filter (a dry run answers the count, an
 * estimate and a sample; a real run starts a {@link ReplayTask}), {@code GET /ops/replays[/{id}]} shows progress,
 * {@code POST /ops/replays/{id}/cancel} stops one. Tasks live in this member's memory (the latest 100 are kept)
 * and end with it. Event loop only.
 */
final class BulkReplays {

  static final double DEFAULT_RATE = 5;
  static final double MAX_RATE = 1000;
  private static final int KEPT = 100;

  private final Vertx vertx;
  private final JobSearch search;
  private final JobJournal journal;
  private final RecoveryRunner recovery;
  private final Map<String, ReplayTask> tasks = new LinkedHashMap<>();

  BulkReplays(Vertx vertx, JobSearch search, JobJournal journal, RecoveryRunner recovery) {
    this.vertx = vertx;
    this.search = search;
    this.journal = journal;
    this.recovery = recovery;
  }

  void mount(Router router) {
    router.post("/ops/replays").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::create);
    router.get("/ops/replays").handler(ctx -> Ops.respond(ctx, 200, Future.succeededFuture(list())));
    router.get("/ops/replays/:task").handler(ctx -> Ops.respond(ctx, 200, task(ctx.pathParam("task"))
        .map(ReplayTask::toJson)));
    router.post("/ops/replays/:task/cancel").handler(ctx -> Ops.respond(ctx, 200, task(ctx.pathParam("task"))
        .map(t -> {
          t.cancel();
          return t.toJson();
        })));
  }

  private void create(RoutingContext ctx) {
    JsonObject body;
    JobFilter filter;
    double rate;
    try {
      body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
      filter = JobFilter.fromJson(body.getJsonObject("filter", new JsonObject()));
      rate = rate(body.getValue("ratePerSecond"));
    } catch (RuntimeException e) {
      ctx.fail(new GatewayException(400, e instanceof IllegalArgumentException ? e.getMessage()
          : "body: expected a JSON object {\"filter\":{...},\"dryRun\":true|false,\"ratePerSecond\":N}"));
      return;
    }
    boolean dryRun = body.getValue("dryRun") instanceof Boolean b ? b : true;
    if (!dryRun && filter.equals(JobFilter.fromJson(new JsonObject())) && !Boolean.TRUE.equals(body.getValue("all"))) {
      ctx.fail(new GatewayException(400, "a real replay without a filter would replay every replayable job: give a "
          + "filter, or \"all\": true to mean every one"));
      return;
    }
    JobFilter replayable = ReplayTask.replayable(filter);
    Future<List<String>> plan = replayable == null ? Future.succeededFuture(List.of()) : search.ids(replayable);
    if (dryRun) {
      Ops.respond(ctx, 200, plan.map(ids -> new JsonObject().put("dryRun", true).put("planned", ids.size())
          .put("estimateSeconds", ReplayTask.estimateSeconds(ids.size(), rate))
          .put("sample", new JsonArray(ids.subList(0, Math.min(10, ids.size()))))));
      return;
    }
    String operator = Ops.operator(ctx);
    Ops.respond(ctx, 202, plan.map(ids -> {
      ReplayTask task = new ReplayTask(filter, ids, rate, operator);
      keep(task);
      task.start(vertx, journal, recovery);
      return task.toJson();
    }));
  }

  private static double rate(Object value) {
    if (value == null) {
      return DEFAULT_RATE;
    }
    if (!(value instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > MAX_RATE) {
      throw new IllegalArgumentException("ratePerSecond: '" + value + "' (expected: a number above 0, at most "
          + (int) MAX_RATE + ")");
    }
    return n.doubleValue();
  }

  private void keep(ReplayTask task) {
    tasks.put(task.id, task);
    if (tasks.size() > KEPT) {
      tasks.remove(tasks.keySet().iterator().next());
    }
  }

  private JsonObject list() {
    JsonArray out = new JsonArray();
    List<ReplayTask> newestFirst = new ArrayList<>(tasks.values());
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      out.add(newestFirst.get(i).toJson());
    }
    return new JsonObject().put("tasks", out);
  }

  private Future<ReplayTask> task(String id) {
    ReplayTask task = tasks.get(id);
    return task == null ? Future.failedFuture(new GatewayException(404, "no replay task " + id + " on this member"))
        : Future.succeededFuture(task);
  }
}
