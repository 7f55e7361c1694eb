package com.sttgateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.service.exception.BadRequestException;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.CheckJobOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateJobOptions;
import com.ibm.watson.speech_to_text.v1.model.RegisterCallbackOptions;
import com.sttgateway.TestGateway;
import com.sttgateway.config.Secret;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.simulator.SignatureAlgorithm;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Relay delivery: retried while the client is down, exhausted when it stays down, refused when forged. */
@ExtendWith(VertxExtension.class)
class RelayDeliveryTest {

  private static final String SECRET = "receiver-secret";
  private static final String STARTED = "recognitions.started";
  private static final String RESULTS = "recognitions.completed_with_results";

  @TempDir Path dataDir;
  private TestGateway env;
  private Receiver receiver;
  private SpeechToText stt;
  private String url;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (env != null) {
      env.close();
    }
  }

  private void start(Vertx vertx, Duration waiting, Map<String, String> extra) {
    env = RelayFixture.start(vertx, dataDir, SimulatorOptions.defaults().withSignature(SignatureAlgorithm.SHA1)
        .withWaiting(waiting).withProcessing(Duration.ofMillis(100)), extra);
    receiver = Receiver.start(vertx, SECRET, "sha256");
    url = receiver.url("/notify");
    stt = RelayFixture.sdk(env);
    stt.registerCallback(new RegisterCallbackOptions.Builder().callbackUrl(url).userSecret(SECRET).build()).execute();
  }

  private String submit(String events) {
    return stt.createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(RelayFixture.audio(600, 1)))
        .contentType("audio/wav").callbackUrl(url).events(events).build()).execute().getResult().getId();
  }

  private JsonArray deliveries(String id) {
    JsonObject journaled = env.gateway.store().getJson("deliveries/" + id + ".json").await();
    return journaled == null ? new JsonArray() : journaled.getJsonArray("events");
  }

  @Test
  void aReceiverDownForAWhileGetsEveryNotificationRetriedAndDeliveredInOrder(Vertx vertx) throws Exception {
    start(vertx, Duration.ofMillis(50), Map.of());
    receiver.status = 503;
    String id = submit(STARTED + "," + RESULTS);

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.refused.size() >= 3);
    receiver.status = 200;

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(id).size() == 2);
    assertThat(receiver.refused).as("the completion waited behind the undelivered start").containsOnly(STARTED);
    assertThat(receiver.of(id)).extracting(Receiver.Notification::event).containsExactly(STARTED, RESULTS);
    assertThat(receiver.of(id)).allSatisfy(n -> assertThat(n.signatureValid()).isTrue());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(deliveries(id)).extracting(e -> ((JsonObject) e).getString("state")).containsOnly("delivered");
      assertThat(env.gateway.journal().get(id).await().state()).isEqualTo(JobState.RETRIEVED);
    });
    assertThat(deliveries(id).getJsonObject(0).getInteger("attempts")).isGreaterThanOrEqualTo(3);
    assertThat(deliveriesMetric("delivered")).isEqualTo(2);
    assertThat(deliveriesMetric("retried")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aReceiverDownForGoodIsMarkedExhaustedInTheJournalAndItsJobStaysUnfinished(Vertx vertx) throws Exception {
    start(vertx, Duration.ofMillis(50), Map.of("GATEWAY_CALLBACKS_RETRY_HORIZON_SECONDS", "1"));
    receiver.status = 503;
    String id = submit(STARTED + "," + RESULTS);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(deliveries(id))
        .extracting(e -> ((JsonObject) e).getString("event") + " " + ((JsonObject) e).getString("state"))
        .containsExactly(STARTED + " exhausted", RESULTS + " exhausted"));
    assertThat(deliveries(id).getJsonObject(1).getString("lastResult")).isEqualTo("HTTP 503");
    assertThat(receiver.notifications).isEmpty();
    assertThat(env.gateway.journal().get(id).await().state().unfinished()).isTrue();
    assertThat(deliveriesMetric("exhausted")).isEqualTo(2);
  }

  /** gateway_callback_deliveries_total{outcome=...} as the admin port's /metrics shows it. */
  private double deliveriesMetric(String outcome) throws Exception {
    String prefix = "gateway_callback_deliveries_total{outcome=\"" + outcome + "\"} ";
    String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.adminUrl() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    return scrape.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(
        l.substring(prefix.length()))).findFirst().orElse(0);
  }

  @Test
  void undeliveredNotificationsSurviveARestartAndTheNextProcessDeliversThemInOrder(Vertx vertx) {
    start(vertx, Duration.ofMillis(50), Map.of());
    receiver.status = 503;
    String id = submit(STARTED + "," + RESULTS);
    await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(id).size() == 2 && !receiver.refused.isEmpty());
    env.gateway.close().await();

    receiver.status = 200;
    Vertx second = Vertx.vertx();
    Map<String, String> settings = new java.util.HashMap<>(RelayFixture.FAST);
    settings.put("GATEWAY_UPSTREAM_URL", env.simulator.baseUrl());
    settings.put("GATEWAY_CALLBACKS_PUBLIC_URL", "http://127.0.0.1:1"); // only deliveries matter here
    com.sttgateway.Gateway restarted = com.sttgateway.Gateway.start(second, TestGateway.config(dataDir, settings))
        .await();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(id).size() == 2);
      assertThat(receiver.of(id)).extracting(Receiver.Notification::event).containsExactly(STARTED, RESULTS);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> restarted.journal().get(id).await().state() == JobState.RETRIEVED);
    } finally {
      restarted.close().await();
      second.close().await();
    }
  }

  @Test
  void aJobSubmittedJustAfterTheUpstreamLostTheRelayUrlIsQueuedAndStillRelayed(Vertx vertx) {
    // No timed recovery run may re-register the relay URL first: the submission itself has to notice.
    start(vertx, Duration.ofMillis(50), Map.of("GATEWAY_RECOVERY_INTERVAL_SECONDS", "3600"));
    String before = submit(STARTED + "," + RESULTS);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(before).size() == 2);
    env.simulator.wipe(); // the relay URL is no longer allowlisted upstream, and nobody has noticed yet

    var after = stt.createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(RelayFixture.audio(700, 2)))
        .contentType("audio/wav").callbackUrl(url).events(STARTED + "," + RESULTS).build()).execute().getResult();
    assertThat(after.getStatus()).isEqualTo("waiting");

    await().atMost(Duration.ofSeconds(15)).until(() -> receiver.of(after.getId()).size() == 2);
    assertThat(receiver.of(after.getId())).extracting(Receiver.Notification::event).containsExactly(STARTED, RESULTS);
    assertThat(env.gateway.journal().get(after.getId()).await().history()).extracting(h -> h.event())
        .contains("queued", "resubmitted");
    // A relayed job the upstream refuses for another reason is still refused, and nothing is kept.
    assertThatThrownBy(() -> stt.createJob(new CreateJobOptions.Builder()
        .audio(new ByteArrayInputStream(RelayFixture.audio(700, 3))).contentType("audio/wav").callbackUrl(url)
        .resultsTtl(0L).build()).execute()).isInstanceOf(BadRequestException.class);
    assertThat(env.gateway.journal().findByState(java.util.EnumSet.allOf(JobState.class)).await()).hasSize(2);
  }

  @Test
  void aCompletedWithoutResultsLeavesTheJobUnfinishedUntilTheClientFetchesIt(Vertx vertx) {
    start(vertx, Duration.ofMillis(50), Map.of());
    String id = submit("recognitions.completed");

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(id).size() == 1);
    assertThat(env.gateway.journal().get(id).await().state().unfinished()).isTrue();
    assertThat(stt.checkJob(new CheckJobOptions.Builder(id).build()).execute().getResult().getStatus())
        .isEqualTo("completed");
    assertThat(env.gateway.journal().get(id).await().state()).isEqualTo(JobState.RETRIEVED);
  }

  @Test
  void aNotificationWithABadUpstreamSignatureIs401AndNothingIsDelivered(Vertx vertx) throws Exception {
    start(vertx, Duration.ofSeconds(60), Map.of()); // the simulator sends nothing during this test
    String id = submit(RESULTS);
    String upstreamId = env.gateway.journal().get(id).await().upstreamId();
    byte[] forged = new JsonObject().put("id", upstreamId).put("event", RESULTS).put("user_token", "")
        .put("results", new JsonArray().add(new JsonObject().put("forged", true))).toBuffer().getBytes();

    assertThat(postToRelay(forged, SignatureAlgorithm.SHA256.sign("not-the-relay-secret", forged)).statusCode())
        .isEqualTo(401);
    HttpResponse<String> unsigned = postToRelay(forged, null);
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(unsigned.body()).getString("error")).contains("X-Callback-Signature");

    // The same body signed with the relay's real secret is relayed: only it reaches the client, so the
    // refused ones were never queued (they would have been delivered first, in order).
    String relaySecret = relaySecret();
    assertThat(postToRelay(forged, SignatureAlgorithm.SHA1.sign(relaySecret, forged)).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.notifications.isEmpty());
    assertThat(receiver.notifications).singleElement().satisfies(n -> {
      assertThat(n.id()).isEqualTo(id);
      assertThat(n.signatureValid()).isTrue();
    });
  }

  private String relaySecret() {
    SecretBox box = SecretBox.load(Secret.NONE, dataDir, true);
    String relayUrl = env.url() + RelayRegistrar.PATH;
    return box.decrypt(new CallbackJournal(env.gateway.store()).get(relayUrl).await().encryptedSecret());
  }

  private HttpResponse<String> postToRelay(byte[] body, String signature) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.url() + RelayRegistrar.PATH))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Callback-Signature", signature);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
