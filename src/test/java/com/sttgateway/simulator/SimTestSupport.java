package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Shared helpers for the simulator tests: blocking awaits on the JUnit thread, audio, an authenticated client. */
final class SimTestSupport {

  static final String BASIC_AUTH =
      "Basic " + Base64.getEncoder().encodeToString("apikey:test-key".getBytes(StandardCharsets.UTF_8));

  private SimTestSupport() {
  }

  /** Waits on the JUnit thread (never an event loop) for a Vert.x future. */
  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  static Simulator start(Vertx vertx, SimulatorOptions options) {
    return await(Simulator.start(vertx, options));
  }

  /** Fast lifecycle for tests: 100 ms waiting, 150 ms processing. */
  static SimulatorOptions fastOptions() {
    return SimulatorOptions.defaults()
        .withWaiting(java.time.Duration.ofMillis(100))
        .withProcessing(java.time.Duration.ofMillis(150));
  }

  static WebClient client(Vertx vertx) {
    return WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
  }

  /** A request to the simulator's API with Basic apikey auth. */
  static HttpRequest<Buffer> api(WebClient client, Simulator simulator, HttpMethod method, String path) {
    return client.requestAbs(method, simulator.baseUrl() + path).putHeader("Authorization", BASIC_AUTH);
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return await(request.send());
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request, byte[] body) {
    return await(request.sendBuffer(Buffer.buffer(body)));
  }

  static JsonObject json(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject();
  }

  static byte[] audio(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] failingAudio(int size) {
    byte[] bytes = audio(size, 7);
    System.arraycopy("SIMFAIL".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 7);
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String transcriptOf(JsonObject recognition) {
    return recognition.getJsonArray("results").getJsonObject(0)
        .getJsonArray("alternatives").getJsonObject(0).getString("transcript");
  }

  static MultiMap headers(HttpResponse<Buffer> response) {
    return response.headers();
  }
}
