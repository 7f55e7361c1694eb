package com.sttgateway.simulator;

import static com.sttgateway.simulator.SimTestSupport.api;
import static com.sttgateway.simulator.SimTestSupport.audio;
import static com.sttgateway.simulator.SimTestSupport.failingAudio;
import static com.sttgateway.simulator.SimTestSupport.fastOptions;
import static com.sttgateway.simulator.SimTestSupport.json;
import static com.sttgateway.simulator.SimTestSupport.send;
import static com.sttgateway.simulator.SimTestSupport.sha256;
import static com.sttgateway.simulator.SimTestSupport.start;
import static com.sttgateway.simulator.SimTestSupport.transcriptOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SimulatorCallbacksTest {

  private static final String SECRET = "ThisIsMySecret";

  @Test
  void registersAfterAnEchoedSha256SignedChallengeThenReportsAlreadyCreated(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    CallbackServer callbacks = CallbackServer.start(vertx);
    WebClient client = SimTestSupport.client(vertx);
    String url = callbacks.url("/results?x=1");

    HttpResponse<Buffer> first = send(register(client, simulator, url, SECRET));
    HttpResponse<Buffer> second = send(register(client, simulator, url, SECRET));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(json(first)).isEqualTo(new JsonObject().put("status", "created").put("url", url));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(json(second).getString("status")).isEqualTo("already created");
    assertThat(callbacks.gets()).hasSize(1);
    CallbackServer.Received challenge = callbacks.gets().get(0);
    assertThat(challenge.uri()).matches("/results\\?x=1&challenge_string=[A-Za-z0-9]{16}");
    assertThat(challenge.headers().get("Accept")).isEqualTo("text/plain");
    String challengeString = challenge.uri().substring(challenge.uri().lastIndexOf('=') + 1);
    assertThat(challenge.headers().get("X-Callback-Signature"))
        .isEqualTo(SignatureAlgorithm.SHA256.sign(SECRET, challengeString));
    assertThat(simulator.stats().callbackRegistrations()).isEqualTo(1);
    assertThat(simulator.stats().allowlistedCallbacks()).containsExactly(url);
  }

  @Test
  void signsTheChallengeWithSha1WhenConfigured(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withSignature(SignatureAlgorithm.SHA1));
    CallbackServer callbacks = CallbackServer.start(vertx);

    send(register(SimTestSupport.client(vertx), simulator, callbacks.url("/cb"), SECRET));

    CallbackServer.Received challenge = callbacks.gets().get(0);
    String challengeString = challenge.uri().substring(challenge.uri().lastIndexOf('=') + 1);
    assertThat(challenge.headers().get("X-Callback-Signature"))
        .isEqualTo(SignatureAlgorithm.SHA1.sign(SECRET, challengeString));
  }

  @Test
  void refusesRegistrationWhenTheCallbackServerAnswersAnotherStatusOrAWrongEcho(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    CallbackServer callbacks = CallbackServer.start(vertx);
    WebClient client = SimTestSupport.client(vertx);
    String url = callbacks.url("/cb");

    callbacks.challengeStatus = 406;
    HttpResponse<Buffer> wrongStatus = send(register(client, simulator, url, null));
    callbacks.challengeStatus = 200;
    callbacks.challengeOverride = "not-the-challenge";
    HttpResponse<Buffer> wrongEcho = send(register(client, simulator, url, null));

    assertThat(wrongStatus.statusCode()).isEqualTo(400);
    assertThat(json(wrongStatus)).isEqualTo(new JsonObject().put("code", 400).put("code_description", "Bad Request")
        .put("error", "unable to register callback url '" + url + "', callback server responded with status code 406"));
    assertThat(wrongEcho.statusCode()).isEqualTo(400);
    assertThat(json(wrongEcho).getString("error")).startsWith("unable to register callback url '" + url + "'");
    assertThat(simulator.stats().allowlistedCallbacks()).isEmpty();
  }

  @Test
  void registrationWithoutCallbackUrlAnswers400(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());

    HttpResponse<Buffer> response = send(api(SimTestSupport.client(vertx), simulator, HttpMethod.POST,
        "/v1/register_callback"));

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void unregisteredUrlCanNoLongerBeUsedAndUnknownUrlAnswers404(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    CallbackServer callbacks = CallbackServer.start(vertx);
    WebClient client = SimTestSupport.client(vertx);
    String url = callbacks.url("/cb");
    send(register(client, simulator, url, null));

    HttpResponse<Buffer> removed = send(api(client, simulator, HttpMethod.POST,
        "/v1/unregister_callback?callback_url=" + encode(url)));
    HttpResponse<Buffer> again = send(api(client, simulator, HttpMethod.POST,
        "/v1/unregister_callback?callback_url=" + encode(url)));
    HttpResponse<Buffer> job = send(api(client, simulator, HttpMethod.POST,
        "/v1/recognitions?callback_url=" + encode(url)), audio(100, 1));

    assertThat(removed.statusCode()).isEqualTo(200);
    assertThat(removed.body()).isNull();
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(job.statusCode()).isEqualTo(400);
    assertThat(json(job).getString("error")).contains("not allowlisted");
  }

  @Test
  void completedWithResultsNotificationsCarryResultsAndAValidSignatureInOrder(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withProcessing(Duration.ofMillis(1)));
    CallbackServer callbacks = CallbackServer.start(vertx);
    WebClient client = SimTestSupport.client(vertx);
    String url = callbacks.url("/notify");
    send(register(client, simulator, url, SECRET));
    byte[] audio = audio(1000, 2);

    String id = json(send(api(client, simulator, HttpMethod.POST, "/v1/recognitions?callback_url=" + encode(url)
        + "&events=recognitions.started,recognitions.completed_with_results&user_token=tok%2025"), audio))
        .getString("id");

    await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.posts().size() == 2);
    List<CallbackServer.Received> posts = callbacks.posts();
    for (CallbackServer.Received post : posts) {
      assertThat(post.headers().get("Content-Type")).isEqualTo("application/json");
      assertThat(post.headers().get("X-Callback-Signature"))
          .isEqualTo(SignatureAlgorithm.SHA256.sign(SECRET, post.body().getBytes()));
    }
    JsonObject started = posts.get(0).body().toJsonObject();
    JsonObject completed = posts.get(1).body().toJsonObject();
    assertThat(started).isEqualTo(new JsonObject().put("id", id).put("event", "recognitions.started")
        .put("user_token", "tok 25"));
    assertThat(completed.getString("event")).isEqualTo("recognitions.completed_with_results");
    assertThat(transcriptOf(completed.getJsonArray("results").getJsonObject(0))).isEqualTo("sha256:" + sha256(audio));
    assertThat(simulator.stats().notificationsSent()).isEqualTo(2);
    JsonObject listed = json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions")))
        .getJsonArray("recognitions").getJsonObject(0);
    assertThat(listed.getString("user_token")).isEqualTo("tok 25");
  }

  @Test
  void defaultEventsReportStartedThenFailedUnsignedWithoutASecret(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    CallbackServer callbacks = CallbackServer.start(vertx);
    WebClient client = SimTestSupport.client(vertx);
    String url = callbacks.url("/notify");
    send(register(client, simulator, url, null));

    send(api(client, simulator, HttpMethod.POST, "/v1/recognitions?callback_url=" + encode(url)), failingAudio(200));

    await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.posts().size() == 2);
    assertThat(callbacks.posts()).extracting(post -> post.body().toJsonObject().getString("event"))
        .containsExactly("recognitions.started", "recognitions.failed");
    assertThat(callbacks.posts()).allSatisfy(post -> {
      assertThat(post.headers().contains("X-Callback-Signature")).isFalse();
      assertThat(post.body().toJsonObject().getString("user_token")).isEmpty();
    });
  }

  @Test
  void askingForBothCompletedEventsAnswers400(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    CallbackServer callbacks = CallbackServer.start(vertx);
    WebClient client = SimTestSupport.client(vertx);
    String url = callbacks.url("/notify");
    send(register(client, simulator, url, null));

    HttpResponse<Buffer> response = send(api(client, simulator, HttpMethod.POST, "/v1/recognitions?callback_url="
        + encode(url) + "&events=recognitions.completed,recognitions.completed_with_results"), audio(100, 3));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(simulator.stats().jobsCreated()).isZero();
  }

  static io.vertx.ext.web.client.HttpRequest<Buffer> register(WebClient client, Simulator simulator, String url,
      String secret) {
    String query = "?callback_url=" + encode(url) + (secret == null ? "" : "&user_secret=" + encode(secret));
    return api(client, simulator, HttpMethod.POST, "/v1/register_callback" + query);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
