package com.sttgateway.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.StringJoiner;

/** Human-readable renderings of the ops API's answers (the {@code ops} command without {@code --json}). */
final class OpsViews {

  static final List<String> STATES =
      List.of("received", "queued", "submitted", "completed", "retrieved", "failed", "dead", "deleted");

  private OpsViews() {}

  static String status(JsonObject s) {
    JsonObject up = s.getJsonObject("upstream", new JsonObject());
    JsonObject oldest = s.getJsonObject("oldestUnfinished");
    JsonObject store = s.getJsonObject("objectStore", new JsonObject());
    TextTable summary = new TextTable()
        .row("upstream", up.getString("state") + " since " + time(up.getString("since"))
            + reason(up.getString("reason")))
        .row("unfinished jobs", s.getValue("unfinished"))
        .row("oldest unfinished", oldest == null ? "none" : oldest.getString("id") + " ("
            + oldest.getString("state") + ", " + age(oldest.getLong("ageSeconds", 0L)) + " old)")
        .row("last recovery", recovery(s.getJsonObject("recovery", new JsonObject())))
        .row("cluster", members(s.getJsonObject("cluster", new JsonObject()).getJsonArray("members", new JsonArray())))
        .row("object store", store.getString("status") + " (" + store.getString("endpoint") + ", bucket "
            + store.getString("bucket") + ")");
    TextTable counts = new TextTable("STATE", "JOBS");
    JsonObject jobs = s.getJsonObject("jobs", new JsonObject());
    STATES.forEach(state -> counts.row(state, jobs.getValue(state, 0)));
    return summary.render() + "\n" + counts.render();
  }

  static String jobs(JsonArray jobs) {
    TextTable table = new TextTable("ID", "STATE", "ATTEMPTS", "CREATED", "UPDATED", "TENANT", "USER TOKEN",
        "CALLBACK", "LAST EVENT");
    for (Object o : jobs) {
      JsonObject j = (JsonObject) o;
      JsonObject last = j.getJsonObject("lastEvent");
      table.row(j.getString("id"), j.getString("state"), j.getValue("attempts"), time(j.getString("created")),
          time(j.getString("updated")), shortTenant(j.getString("tenant")), j.getString("userToken"),
          j.getString("callbackUrl"), last == null ? null : cut(event(last), 60));
    }
    return table.isEmpty() ? "no jobs match\n" : table.render();
  }

  static String job(JsonObject j) {
    TextTable fields = new TextTable()
        .row("id", j.getString("id"))
        .row("upstream id", j.getString("upstreamId"))
        .row("state", j.getString("state"))
        .row("attempts", j.getValue("attempts"))
        .row("tenant", j.getString("tenant"))
        .row("created", time(j.getString("created")))
        .row("updated", time(j.getString("updated")))
        .row("callback url", j.getString("callbackUrl"))
        .row("user token", j.getString("userToken"))
        .row("base path", j.getString("basePath"))
        .row("query", j.getString("query"))
        .row("headers", j.getValue("headers") == null ? null : String.valueOf(j.getValue("headers")))
        .row("audio", j.getValue("audioBytes") + " bytes, sha256 " + j.getValue("audioSha256") + ", key "
            + j.getValue("audioKey"))
        .row("retain until", time(j.getString("retainUntil")))
        .row("last status", j.getValue("lastStatus") == null ? null : String.valueOf(j.getValue("lastStatus")));
    return fields.render() + "\nhistory:\n" + history(j.getJsonArray("history", new JsonArray()));
  }

  static String history(JsonArray history) {
    TextTable table = new TextTable("AT", "EVENT", "BY", "DETAIL");
    history.forEach(o -> {
      JsonObject h = (JsonObject) o;
      table.row(time(h.getString("at")), h.getString("event"), h.getString("by"), h.getString("detail"));
    });
    return table.isEmpty() ? "(empty)\n" : table.render();
  }

  /** A bulk replay task: its state and progress. */
  static String task(JsonObject t) {
    return new TextTable()
        .row("task", t.getString("id"))
        .row("state", t.getString("state"))
        .row("progress", "done " + t.getValue("done", 0) + ", failed " + t.getValue("failed", 0) + ", skipped "
            + t.getValue("skipped", 0) + " of " + t.getValue("planned", 0) + " planned")
        .row("estimate", t.getValue("estimateSeconds") + " s")
        .row("created", time(t.getString("created")) + " by " + t.getString("by"))
        .row("filter", String.valueOf(t.getValue("filter")))
        .render();
  }

  static String tasks(JsonArray tasks) {
    TextTable table = new TextTable("TASK", "STATE", "PLANNED", "DONE", "FAILED", "SKIPPED", "CREATED", "BY");
    tasks.forEach(o -> {
      JsonObject t = (JsonObject) o;
      table.row(t.getString("id"), t.getString("state"), t.getValue("planned"), t.getValue("done"),
          t.getValue("failed"), t.getValue("skipped"), time(t.getString("created")), t.getString("by"));
    });
    return table.isEmpty() ? "no replay tasks\n" : table.render();
  }

  static String dryRun(JsonObject plan) {
    StringJoiner sample = new StringJoiner(", ");
    plan.getJsonArray("sample", new JsonArray()).forEach(id -> sample.add(String.valueOf(id)));
    return "dry run: " + plan.getValue("planned") + " job(s) would be replayed, about "
        + plan.getValue("estimateSeconds") + " s\n" + (sample.length() == 0 ? "" : "first: " + sample + "\n");
  }

  static String callbacks(JsonArray callbacks) {
    TextTable table = new TextTable("URL", "TENANT", "SECRET", "REGISTERED", "LAST RESULT");
    callbacks.forEach(o -> {
      JsonObject c = (JsonObject) o;
      table.row(c.getString("url"), shortTenant(c.getString("tenant")),
          Boolean.TRUE.equals(c.getBoolean("hasSecret")) ? "yes" : "no", time(c.getString("registeredAt")),
          c.getValue("lastResult") == null ? null : cut(String.valueOf(c.getValue("lastResult")), 60));
    });
    return table.isEmpty() ? "no callbacks journaled\n" : table.render();
  }

  /** An ISO-8601 instant to the second, or the text unchanged when it is not one. */
  static String time(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  static String age(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    if (seconds < 86_400) {
      return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
  }

  private static String recovery(JsonObject run) {
    if (run.getString("trigger") == null) {
      return run.getString("state", "never run");
    }
    JsonObject r = run.getJsonObject("resubmissions", new JsonObject());
    StringBuilder line = new StringBuilder("'" + run.getString("trigger") + "' finished "
        + time(run.getString("finished")) + ", callbacks " + run.getValue("callbacksRegistered") + ", lost found "
        + run.getValue("lostFound") + ", resubmitted " + r.getInteger("submitted", 0));
    for (String outcome : new String[] {"retry", "dead", "skipped"}) {
      if (r.getInteger(outcome, 0) > 0) {
        line.append(", ").append(outcome).append(' ').append(r.getInteger(outcome));
      }
    }
    return line.toString();
  }

  private static String members(JsonArray members) {
    StringJoiner joined = new StringJoiner(", ");
    members.forEach(o -> {
      JsonObject m = (JsonObject) o;
      joined.add(m.getString("address") + (Boolean.TRUE.equals(m.getBoolean("local")) ? " (this one)" : ""));
    });
    return members.size() + " member(s): " + joined;
  }

  private static String event(JsonObject e) {
    String detail = e.getString("detail");
    return e.getString("event") + (detail == null || detail.isEmpty() ? "" : ": " + detail);
  }

  private static String reason(String reason) {
    return reason == null || reason.isEmpty() ? "" : " (" + reason + ")";
  }

  /** Fingerprints are 64 hex digits; 12 tell tenants apart in a table. */
  private static String shortTenant(String tenant) {
    return tenant == null || tenant.length() <= 12 ? tenant : tenant.substring(0, 12);
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
