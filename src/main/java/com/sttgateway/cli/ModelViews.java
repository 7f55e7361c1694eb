package com.sttgateway.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Human-readable renderings of {@code GET /ops/models} and {@code GET /ops/models/{id}} for {@code ops models}. */
final class ModelViews {

  private ModelViews() {}

  static String models(JsonArray models) {
    TextTable table = new TextTable("ID", "KIND", "STATE", "BASE MODEL", "RESOURCES", "WORDS", "TRAINED",
        "LAST RESTORE");
    models.forEach(o -> {
      JsonObject m = (JsonObject) o;
      table.row(m.getString("id"), m.getString("kind"), m.getString("state"), baseModel(m),
          resources(m.getJsonArray("resources", new JsonArray())), words(m).size(), trained(m), lastRestore(m));
    });
    return table.isEmpty() ? "no models in the vault\n" : table.render();
  }

  static String model(JsonObject m) {
    JsonObject definition = m.getJsonObject("definition", new JsonObject());
    TextTable fields = new TextTable()
        .row("id", m.getString("id"))
        .row("kind", m.getString("kind"))
        .row("state", m.getString("state"))
        .row("name", definition.getString("name"))
        .row("base model", baseModel(m))
        .row("upstream id", m.getString("upstreamId"))
        .row("tenant", m.getString("tenant"))
        .row("words", words(m).size() + wordSample(words(m)))
        .row("trained", training(m.getJsonObject("training")))
        .row("restore", progress(m.getJsonObject("restore")));
    return fields.render() + "\nresources:\n" + resourceRows(m.getJsonArray("resources", new JsonArray()))
        + "\nhistory:\n" + OpsViews.history(m.getJsonArray("history", new JsonArray()));
  }

  /** One line of a running verify drill: its current step. */
  static String drillStep(JsonObject d) {
    JsonObject p = d.getJsonObject("progress", new JsonObject());
    return "verify drill of " + d.getString("model") + ": " + d.getString("state")
        + (p.getString("step") == null ? "" : ", step " + p.getString("step"))
        + (p.getString("upstreamId") == null ? "" : " (drill model " + p.getString("upstreamId") + ")");
  }

  /** A finished verify drill: outcome, differences or reason, and what became of the drill model. */
  static String drill(JsonObject d) {
    TextTable fields = new TextTable()
        .row("model", d.getString("model"))
        .row("result", d.getString("state"))
        .row("reason", d.getString("reason"))
        .row("drill model", d.getString("drillName"))
        .row("cleanup", d.getString("cleanup"))
        .row("by", d.getString("by"))
        .row("started", OpsViews.time(d.getString("started")))
        .row("finished", OpsViews.time(d.getString("finished")));
    StringBuilder out = new StringBuilder(fields.render());
    JsonArray differences = d.getJsonArray("differences", new JsonArray());
    if (!differences.isEmpty()) {
      out.append("\ndifferences:\n");
      differences.forEach(line -> out.append("  ").append(line).append('\n'));
    }
    return out.toString();
  }

  /** Counts per type, e.g. "3 corpora, 1 grammar" or "5 audio". */
  static String resources(JsonArray resources) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    resources.forEach(r -> counts.merge(((JsonObject) r).getString("type"), 1, Integer::sum));
    StringJoiner joined = new StringJoiner(", ");
    counts.forEach((type, n) -> joined.add(n + " " + plural(type, n)));
    return joined.length() == 0 ? "none" : joined.toString();
  }

  /** A restore under way (its step), else the last restore event with its time, else nothing. */
  static String lastRestore(JsonObject m) {
    if ("restoring".equals(m.getString("state"))) {
      return "in progress: " + progress(m.getJsonObject("restore"));
    }
    JsonObject last = m.getJsonObject("lastRestore");
    if (last == null) {
      return null;
    }
    String detail = last.getString("detail");
    return last.getString("event") + " " + OpsViews.time(last.getString("at"))
        + (detail == null || detail.isEmpty() ? "" : " (" + OpsViews.cut(detail, 60) + ")");
  }

  private static String resourceRows(JsonArray resources) {
    TextTable table = new TextTable("TYPE", "NAME", "BYTES", "CONTENT TYPE", "ADDED", "SHA-256");
    resources.forEach(o -> {
      JsonObject r = (JsonObject) o;
      String contained = r.getString("containedContentType");
      table.row(r.getString("type"), r.getString("name"), r.getValue("bytes"),
          r.getString("contentType") + (contained == null ? "" : " (" + contained + ")"),
          OpsViews.time(r.getString("added")), r.getString("sha256"));
    });
    return table.isEmpty() ? "(none)\n" : table.render();
  }

  private static String progress(JsonObject restore) {
    if (restore == null) {
      return null;
    }
    JsonArray done = restore.getJsonArray("done", new JsonArray());
    String parked = restore.getString("parked");
    return "step " + restore.getString("step") + ", " + done.size() + " done"
        + (restore.getString("upstreamId") == null ? "" : ", upstream id " + restore.getString("upstreamId"))
        + (parked == null ? "" : ", parked: " + parked);
  }

  private static String baseModel(JsonObject m) {
    return m.getJsonObject("definition", new JsonObject()).getString("base_model_name");
  }

  private static JsonObject words(JsonObject m) {
    return m.getJsonObject("words", new JsonObject());
  }

  private static String wordSample(JsonObject words) {
    StringJoiner names = new StringJoiner(", ", " (", ")");
    words.fieldNames().stream().sorted().limit(10).forEach(names::add);
    return words.isEmpty() ? "" : OpsViews.cut(names.toString(), 100);
  }

  private static String training(JsonObject training) {
    if (training == null) {
      return "no";
    }
    return training.isEmpty() ? "yes, with the default parameters" : "yes, " + training.encode();
  }

  private static String trained(JsonObject m) {
    return m.getValue("training") == null ? "no" : "yes";
  }

  private static String plural(String type, int n) {
    if (n == 1 || "audio".equals(type)) {
      return type;
    }
    return "corpus".equals(type) ? "corpora" : type + "s";
  }
}
