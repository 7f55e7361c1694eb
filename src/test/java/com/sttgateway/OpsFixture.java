package com.sttgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.simulator.DownMode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test set-up for the ops client and the dashboard: a gateway with an admin token whose queued jobs stay queued
 * (the upstream never counts as DOWN and no recovery run comes by), and real submissions that get queued during
 * a short outage of the simulator.
 */
public final class OpsFixture {

  public static final String TOKEN = "ops-test-token-3b9f";

  /**
   * The admin token; an outage never marks the upstream DOWN (so coming back starts no recovery run that would
   * resubmit the queued jobs before the test replays them), and the periodic recovery run never comes.
   */
  public static final Map<String, String> SETTINGS = Map.of(
      "GATEWAY_OPS_TOKEN", TOKEN,
      "GATEWAY_HEALTH_FAILURES_TO_DOWN", "100",
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "600000",
      "GATEWAY_RECOVERY_INTERVAL_SECONDS", "86400");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OpsFixture() {}

  /** Submits {@code count} jobs while the simulator refuses connections, then brings it back; the queued ids. */
  public static List<String> queueJobs(TestGateway env, String userToken, int count) throws Exception {
    TestGateway.vouch(env.url());
    env.simulator.goDown(DownMode.REFUSE).await();
    List<String> ids = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        JsonObject job = submit(env, userToken);
        assertThat(job.getString("status")).as("a submission while the upstream is down").isEqualTo("waiting");
        ids.add(job.getString("id"));
      }
    } finally {
      env.simulator.comeBack().await();
    }
    return ids;
  }

  /** A real asynchronous submission through the gateway, with a callback-less user token. */
  public static JsonObject submit(TestGateway env, String userToken) throws Exception {
    byte[] audio = new byte[2_000];
    new Random().nextBytes(audio);
    HttpRequest request = HttpRequest.newBuilder(URI.create(env.url() + "/v1/recognitions?user_token=" + userToken))
        .header("Authorization", TestGateway.AUTH).header("Content-Type", "audio/wav")
        .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }
}
