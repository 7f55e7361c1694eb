package com.sttgateway.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The upstream's JSON views of a job (create, check, list) and of recognition results; stateless. */
final class JobJson {

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private JobJson() {
  }

  /** The 201 of POST /v1/recognitions: id, status, created, url, and warnings when there are any. */
  static JsonObject created(Job job, String url) {
    JsonObject body = new JsonObject()
        .put("id", job.id())
        .put("status", job.status().wire())
        .put("created", timestamp(job.created()))
        .put("url", url);
    List<String> warnings = job.request().warnings();
    return warnings.isEmpty() ? body : body.put("warnings", new JsonArray(List.copyOf(warnings)));
  }

  /** GET /v1/recognitions/{id}: url and warnings are returned only by create (SDK model docs). */
  static JsonObject checked(Job job) {
    JsonObject body = summary(job);
    return job.status() == JobStatus.COMPLETED
        ? body.put("results", results(job.transcript())) : body;
  }

  /** An item of GET /v1/recognitions: user_token only for jobs created with a callback URL and a token. */
  static JsonObject listed(Job job) {
    JsonObject body = summary(job);
    String token = job.request().userToken();
    return token == null ? body : body.put("user_token", token);
  }

  /** The results array of a completed job: a single SpeechRecognitionResults object. */
  static JsonArray results(String transcript) {
    return new JsonArray().add(recognition(transcript));
  }

  /** One SpeechRecognitionResults with the transcript {@link ModelUse#transcript} made. */
  static JsonObject recognition(String transcript) {
    JsonObject alternative = new JsonObject().put("transcript", transcript).put("confidence", 1.0);
    JsonObject result = new JsonObject().put("final", true).put("alternatives", new JsonArray().add(alternative));
    return new JsonObject().put("result_index", 0).put("results", new JsonArray().add(result));
  }

  static String timestamp(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  private static JsonObject summary(Job job) {
    return new JsonObject()
        .put("id", job.id())
        .put("created", timestamp(job.created()))
        .put("updated", timestamp(job.updated()))
        .put("status", job.status().wire());
  }
}
