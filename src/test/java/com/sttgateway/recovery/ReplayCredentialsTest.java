package com.sttgateway.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.config.Secret;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replay credentials of every kind, the IAM ones exchanged with the simulator's IAM stand-in over real HTTP. */
@ExtendWith(VertxExtension.class)
class ReplayCredentialsTest {

  private static final String DEFAULT_IAM_URL = "https://iam.cloud.ibm.com/identity/token";
  private static final Logger IAM_LOG = Logger.getLogger(IamTokens.class.getName());

  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(String.valueOf(record.getMessage()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void captureLogs() {
    IAM_LOG.addHandler(capture);
  }

  @AfterEach
  void releaseLogs() {
    IAM_LOG.removeHandler(capture);
  }

  @Test
  void clientModeAnswersTheSubmittersOwnHeaderDecryptedFromTheRecord(Vertx vertx) {
    SecretBox box = newBox();
    ReplayCredentials credentials = new ReplayCredentials(vertx, WebClient.create(vertx), client(), box);

    String header = await(credentials.authorization(record(box.encrypt("Basic c3VibWl0dGVyOnNlY3JldA=="))));

    assertThat(header).isEqualTo("Basic c3VibWl0dGVyOnNlY3JldA==");
    assertThat(credentials.describe()).isEqualTo("client (the submitter's own credential, kept encrypted with each job)");
  }

  @Test
  void clientModeFailsClearlyWhenNoCredentialWasKeptOrItCannotBeOpened(Vertx vertx) {
    SecretBox box = newBox();
    ReplayCredentials credentials = new ReplayCredentials(vertx, WebClient.create(vertx), client(), box);
    JobRecord none = record(null);
    JobRecord foreign = record(newBox().encrypt("Bearer submitter-token"));

    GatewayException missing = failure(credentials.authorization(none));
    GatewayException unreadable = failure(credentials.authorization(foreign));

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing).hasMessage("no credential was kept for job " + none.clientId()
        + "; set replay.auth to iam, bearer or basic to replay it");
    assertThat(unreadable.status()).isEqualTo(401);
    assertThat(unreadable.getMessage()).contains(foreign.clientId(), "wrong key or altered value")
        .doesNotContain("submitter-token");
  }

  @Test
  void bearerAndBasicAnswerTheConfiguredCredentialWhichTheUpstreamAccepts(Vertx vertx) {
    Simulator simulator = await(Simulator.start(vertx, SimulatorOptions.defaults().withApiKey("static-key")));
    WebClient http = WebClient.create(vertx);
    ReplayCredentials bearer = new ReplayCredentials(vertx, http, new GatewayConfig.Replay("bearer", Secret.NONE,
        DEFAULT_IAM_URL, new Secret("static-key"), "", Secret.NONE), null);
    ReplayCredentials basic = new ReplayCredentials(vertx, http, new GatewayConfig.Replay("basic", Secret.NONE,
        DEFAULT_IAM_URL, Secret.NONE, "apikey", new Secret("static-key")), null);

    String bearerHeader = await(bearer.authorization(record(null)));
    String basicHeader = await(basic.authorization(record(null)));

    assertThat(bearerHeader).isEqualTo("Bearer static-key");
    assertThat(basicHeader).isEqualTo("Basic YXBpa2V5OnN0YXRpYy1rZXk="); // base64("apikey:static-key")
    assertThat(models(http, simulator, bearerHeader).statusCode()).isEqualTo(200);
    assertThat(models(http, simulator, basicHeader).statusCode()).isEqualTo(200);
    assertThat(models(http, simulator, "Bearer another-key").statusCode()).isEqualTo(401);
    assertThat(bearer.describe()).isEqualTo("bearer (a configured static token)");
    assertThat(basic.describe()).isEqualTo("basic (user apikey)");
  }

  @Test
  void unknownModeOrMissingCredentialIsRefusedAtConstruction(Vertx vertx) {
    WebClient http = WebClient.create(vertx);

    assertThatThrownBy(() -> new ReplayCredentials(vertx, http, new GatewayConfig.Replay("token", Secret.NONE,
        DEFAULT_IAM_URL, Secret.NONE, "", Secret.NONE), null))
        .hasMessage("replay.auth: 'token' (expected: client, iam, bearer or basic)");
    assertThatThrownBy(() -> new ReplayCredentials(vertx, http, new GatewayConfig.Replay("iam", Secret.NONE,
        DEFAULT_IAM_URL, Secret.NONE, "", Secret.NONE), null))
        .hasMessageStartingWith("replay.apiKey: empty");
  }

  @Test
  void iamTokenIsAcceptedByTheUpstreamAndOneExchangeServesManyCalls(Vertx vertx) {
    Simulator simulator = await(Simulator.start(vertx, SimulatorOptions.defaults().withApiKey("replay-key")));
    WebClient http = WebClient.create(vertx);
    ReplayCredentials credentials = iam(vertx, http, simulator, "replay-key");
    JobRecord job = record(null);
    String before = credentials.describe();

    List<String> burst = await(burst(vertx, credentials, job, 20));
    List<String> later = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      later.add(await(credentials.authorization(job)));
    }

    String header = burst.get(0);
    String token = header.substring("Bearer ".length());
    assertThat(header).startsWith("Bearer ");
    assertThat(token).isNotBlank().isNotEqualTo("replay-key");
    assertThat(burst).containsOnly(header);
    assertThat(later).containsOnly(header);
    assertThat(simulator.stats().iamTokensIssued()).isEqualTo(1);
    assertThat(models(http, simulator, header).statusCode()).isEqualTo(200);
    assertThat(before).isEqualTo("iam at " + simulator.iamUrl() + " (no token yet)");
    assertThat(credentials.describe()).matches("iam at \\S+ \\(token refreshed \\d\\d:\\d\\d:\\d\\dZ, expires "
        + "\\d\\d:\\d\\d:\\d\\dZ\\)").doesNotContain(token, "replay-key");
    assertThat(logged).hasSize(1).allSatisfy(line -> assertThat(line).doesNotContain(token, "replay-key"));
  }

  @Test
  void iamTokenIsRefreshedOnce80PercentOfItsLifetimeHasPassedAndNotBefore(Vertx vertx) {
    // 5 s rather than less: the window between 80% and expiry must outlast a busy machine's scheduling delays
    Simulator simulator = await(Simulator.start(vertx, SimulatorOptions.defaults().withApiKey("replay-key")
        .withIamTokenTtl(Duration.ofSeconds(5))));
    WebClient http = WebClient.create(vertx);
    ReplayCredentials credentials = iam(vertx, http, simulator, "replay-key");
    JobRecord job = record(null);
    long started = System.nanoTime();

    String first = await(credentials.authorization(job));
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> !await(credentials.authorization(job)).equals(first));
    long refreshedAfterMillis = millisSince(started);
    String second = await(credentials.authorization(job));

    assertThat(refreshedAfterMillis).isBetween(4000L, 4999L); // at 80% of 5 s, before the first one expired
    assertThat(second).isNotEqualTo(first);
    assertThat(simulator.stats().iamTokensIssued()).isEqualTo(2);
    assertThat(models(http, simulator, second).statusCode()).isEqualTo(200);
  }

  @Test
  void concurrentCallersDuringARefreshShareOneExchange(Vertx vertx) {
    Simulator simulator = await(Simulator.start(vertx, SimulatorOptions.defaults().withApiKey("replay-key")
        .withIamTokenTtl(Duration.ofSeconds(2))));
    WebClient http = WebClient.create(vertx);
    ReplayCredentials credentials = iam(vertx, http, simulator, "replay-key");
    JobRecord job = record(null);
    long started = System.nanoTime();
    String first = await(credentials.authorization(job));

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> millisSince(started) >= 1700);
    List<String> burst = await(burst(vertx, credentials, job, 20));

    assertThat(burst).hasSize(20).containsOnly(burst.get(0)).doesNotContain(first);
    assertThat(simulator.stats().iamTokensIssued()).isEqualTo(2);
    assertThat(models(http, simulator, burst.get(0)).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongApiKeyFailsWithIamsStatusAndMessageButNeverTheKey(Vertx vertx) {
    Simulator simulator = await(Simulator.start(vertx, SimulatorOptions.defaults().withApiKey("replay-key")));
    ReplayCredentials credentials = iam(vertx, WebClient.create(vertx), simulator, "wrong-key-4711");

    GatewayException refused = failure(credentials.authorization(record(null)));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused).hasMessage("IAM at " + simulator.iamUrl() + " refused the replay API key: 400 BXNIM0415E"
        + " Provided API key could not be found.");
    assertThat(credentials.describe()).contains("no token yet; last exchange failed:", "BXNIM0415E")
        .doesNotContain("wrong-key-4711");
    assertThat(logged).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("wrong-key-4711"));
    assertThat(simulator.stats().iamTokensIssued()).isZero();
  }

  @Test
  void unreachableIamFailsAsUnavailableSoTheJobIsRetriedNotParked(Vertx vertx) {
    Simulator simulator = await(Simulator.start(vertx, SimulatorOptions.defaults()));
    ReplayCredentials credentials = iam(vertx, WebClient.create(vertx), simulator, "replay-key");
    await(simulator.goDown(DownMode.REFUSE));

    GatewayException unreachable = failure(credentials.authorization(record(null)));

    assertThat(unreachable.status()).isEqualTo(503);
    assertThat(unreachable.getMessage()).startsWith("cannot reach IAM at " + simulator.iamUrl() + ": ")
        .doesNotContain("replay-key");
  }

  private static ReplayCredentials iam(Vertx vertx, WebClient http, Simulator simulator, String apiKey) {
    return new ReplayCredentials(vertx, http, new GatewayConfig.Replay("iam", new Secret(apiKey), simulator.iamUrl(),
        Secret.NONE, "", Secret.NONE), null);
  }

  private static GatewayConfig.Replay client() {
    return new GatewayConfig.Replay("client", Secret.NONE, DEFAULT_IAM_URL, Secret.NONE, "", Secret.NONE);
  }

  /** Calls from one event-loop task, so none of them can see the answer to another's exchange before all are made. */
  private static Future<List<String>> burst(Vertx vertx, ReplayCredentials credentials, JobRecord job, int calls) {
    Promise<List<String>> all = Promise.promise();
    vertx.runOnContext(v -> {
      List<Future<String>> headers = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        headers.add(credentials.authorization(job));
      }
      Future.all(headers).map(done -> done.<String>list()).onComplete(all);
    });
    return all.future();
  }

  private static HttpResponse<Buffer> models(WebClient http, Simulator simulator, String authorization) {
    return await(http.getAbs(simulator.baseUrl() + "/v1/models").putHeader("Authorization", authorization).send());
  }

  private static JobRecord record(String sealedAuthorization) {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    return new JobRecord(id, null, JobState.QUEUED, "tenant-a", sealedAuthorization, "", "", Map.of(
        "Content-Type", "audio/wav"), "audio/" + id, 1234, "ab".repeat(32), now, now, 0,
        new JsonObject().put("id", id).put("status", "waiting"), null, List.of(), null);
  }

  private static SecretBox newBox() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return SecretBox.of(key);
  }

  private static long millisSince(long nanoTime) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  private static GatewayException failure(Future<?> future) {
    Throwable cause = await(future.<Throwable>transform(done -> Future.succeededFuture(done.cause())));
    assertThat(cause).isInstanceOf(GatewayException.class);
    return (GatewayException) cause;
  }
}
