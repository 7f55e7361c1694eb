package com.sttgateway.cli;

import com.sttgateway.cli.OpsArgs.UsageException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code ops replay ID}, the bulk {@code ops replay [filters]} as a server-side task, {@code ops replay --task ID}
 * and {@code ops replays}. Calling thread only; {@code --wait} polls once a second.
 */
record ReplayCommands(OpsCall call) {

  private static final long POLL_MILLIS = 1000;

  void replay() {
    OpsArgs args = call.args();
    if (args.has("task")) {
      call.expect("replay --task", 0, Set.of("task", "cancel", "wait"));
      String path = "/ops/replays/" + OpsClient.segment(args.value("task"));
      JsonObject task = args.has("cancel") ? call.client().post(path + "/cancel", null) : call.client().get(path);
      printTask(args.has("wait") ? awaitTask(path, task) : task);
    } else if (args.words().size() > 1) {
      String id = call.expect("replay", 1, Set.of());
      JsonObject accepted = call.client().post("/ops/jobs/" + OpsClient.segment(id) + "/replay", null);
      String outcome = accepted.getString("outcome");
      call.print(accepted, "replay of " + accepted.getString("id", id) + " accepted: now "
          + accepted.getString("state") + (outcome == null ? "" : " (outcome: " + outcome + ")") + "\n");
    } else {
      bulkReplay();
    }
  }

  void replays() {
    call.expect("replays", 0, Set.of());
    JsonObject tasks = call.client().get("/ops/replays");
    call.print(tasks, OpsViews.tasks(tasks.getJsonArray("tasks", new JsonArray())));
  }

  private void bulkReplay() {
    Set<String> filters = OpsFilters.flags();
    call.expect("replay", 0, OpsFilters.with(filters, "dry-run", "rate", "wait"));
    OpsArgs args = call.args();
    if (filters.stream().noneMatch(args::has)) {
      throw new UsageException("replay needs a job id, --task ID, or a filter (e.g. --state dead)");
    }
    JsonObject body = new JsonObject().put("filter", OpsFilters.body(args)).put("dryRun", args.has("dry-run"));
    if (args.has("rate")) {
      body.put("ratePerSecond", args.decimal("rate", 1000));
    }
    JsonObject answer = call.client().post("/ops/replays", body);
    if (args.has("dry-run")) {
      call.print(answer, OpsViews.dryRun(answer));
    } else {
      String path = "/ops/replays/" + OpsClient.segment(answer.getString("id"));
      printTask(args.has("wait") ? awaitTask(path, answer) : answer);
    }
  }

  /** Polls a replay task until it is no longer running, printing its progress when it changes. */
  private JsonObject awaitTask(String path, JsonObject task) {
    String progress = "";
    while ("running".equals(task.getString("state"))) {
      String now = task.getValue("done", 0) + "/" + task.getValue("planned", 0);
      if (!now.equals(progress) && !call.args().has("json")) {
        call.out().println("running: " + now + " done");
      }
      progress = now;
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      task = call.client().get(path);
    }
    return task;
  }

  private void printTask(JsonObject task) {
    call.print(task, OpsViews.task(task));
  }
}
