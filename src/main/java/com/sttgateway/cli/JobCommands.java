package com.sttgateway.cli;

import com.sttgateway.cli.OpsArgs.UsageException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code ops jobs}, {@code ops job ID}, {@code ops park ID}, {@code ops unpark ID}. Calling thread only. */
record JobCommands(OpsCall call) {

  void jobs() {
    call.expect("jobs", 0, OpsFilters.with(OpsFilters.flags(), "limit", "cursor", "all"));
    OpsArgs args = call.args();
    if (args.has("all") && args.has("cursor")) {
      throw new UsageException("--all and --cursor do not go together");
    }
    Map<String, String> query = OpsFilters.query(args);
    JsonObject page = call.client().get(OpsClient.withQuery("/ops/jobs", query));
    if (args.has("all")) {
      page = allPages(query, page);
    }
    JsonArray jobs = page.getJsonArray("jobs", new JsonArray());
    String next = page.getString("next");
    call.print(page, OpsViews.jobs(jobs) + (next == null ? "" : "more: add --cursor " + next + "\n"));
  }

  void job() {
    String id = call.expect("job", 1, Set.of());
    JsonObject job = call.client().get("/ops/jobs/" + OpsClient.segment(id));
    call.print(job, OpsViews.job(job));
  }

  void park(String command) {
    String id = call.expect(command, 1, Set.of());
    JsonObject job = call.client().post("/ops/jobs/" + OpsClient.segment(id) + "/" + command, null);
    call.print(job, "job " + job.getString("id", id) + " is now " + job.getString("state") + "\n");
  }

  /** Follows the next cursors to the last page: one answer with every job and no next cursor. */
  private JsonObject allPages(Map<String, String> query, JsonObject first) {
    JsonArray jobs = first.getJsonArray("jobs", new JsonArray()).copy();
    String next = first.getString("next");
    while (next != null) {
      Map<String, String> paged = new LinkedHashMap<>(query);
      paged.put("cursor", next);
      JsonObject page = call.client().get(OpsClient.withQuery("/ops/jobs", paged));
      jobs.addAll(page.getJsonArray("jobs", new JsonArray()));
      next = page.getString("next");
    }
    return new JsonObject().put("jobs", jobs).putNull("next");
  }
}
