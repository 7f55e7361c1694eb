package com.sttgateway.upstream;

import static com.sttgateway.upstream.UpstreamState.DOWN;
import static com.sttgateway.upstream.UpstreamState.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.config.GatewayConfig;
import com.sttgateway.proxy.UpstreamTarget;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The monitor against the real simulator over HTTP: probes, passive signals, hysteresis, one call per change. */
@ExtendWith(VertxExtension.class)
class UpstreamHealthTest {

  private static final int FAILURES_TO_DOWN = 3;
  private static final int SUCCESSES_TO_UP = 2;
  private static final int SERVER_ERRORS_TO_DOWN = 5;
  private static final int FAST = 50;
  private static final int NEVER = 600_000; // no probe after the first one during a test

  private Vertx vertx;
  private HttpClient client;
  private Simulator simulator;
  private UpstreamHealth health;
  private final List<UpstreamState> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void createClient(Vertx vertx) {
    this.vertx = vertx;
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    if (health != null) {
      health.stop();
    }
    client.close().await();
    simulator.close().await();
  }

  @Test
  void isUpAtStartWhenTheUpstreamRuns() {
    UpstreamState initial = start(SimulatorOptions.defaults(), FAST);

    assertThat(initial).isEqualTo(UP);
    assertThat(health.state()).isEqualTo(UP);
    assertThat(health.describe().getString("reason")).startsWith("first probe HTTP");
    assertThat(changes).as("the initial state is start()'s result, not a change").isEmpty();
  }

  @Test
  void goesDownAfterFailuresToDownRefusedProbesAndUpAfterSuccessesToUpWithOneCallEach() {
    List<JsonObject> atChange = new CopyOnWriteArrayList<>();
    start(SimulatorOptions.defaults(), FAST);
    health.onChange(state -> atChange.add(health.describe()));

    simulator.goDown(DownMode.REFUSE).await();
    // The listener hears of the change just after the state flips: wait for what it saw.
    await().atMost(Duration.ofSeconds(5)).until(() -> atChange.size() == 1);
    assertThat(atChange.get(0).getInteger("consecutiveFailures")).isEqualTo(FAILURES_TO_DOWN);
    assertThat(atChange.get(0).getJsonObject("lastProbe").getString("result")).startsWith("failed: ");
    awaitCounter("consecutiveFailures", FAILURES_TO_DOWN + 3);
    assertThat(changes).containsExactly(DOWN);

    simulator.comeBack().await();
    await().atMost(Duration.ofSeconds(5)).until(() -> atChange.size() == 2);
    assertThat(atChange.get(1).getInteger("consecutiveSuccesses")).isEqualTo(SUCCESSES_TO_UP);
    awaitCounter("consecutiveSuccesses", SUCCESSES_TO_UP + 3);
    assertThat(changes).containsExactly(DOWN, UP);
  }

  @Test
  void anUpstreamAnswering503IsDown() {
    start(SimulatorOptions.defaults(), FAST);

    simulator.goDown(DownMode.UNAVAILABLE).await();

    await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == DOWN);
    assertThat(health.describe().getJsonObject("lastProbe").getString("result")).isEqualTo("HTTP 503");
    assertThat(changes).containsExactly(DOWN);
  }

  @Test
  void a401ForTheUncredentialedProbeUnderTheBasePathCountsAsUp() {
    SimulatorOptions realService = SimulatorOptions.defaults().withBasePath("/instances/abc").withApiKey("secret");

    assertThat(start(realService, FAST)).isEqualTo(UP);

    // 401 and not 404: the probe went to {base path}/v1/models.
    assertThat(health.describe().getJsonObject("lastProbe").getString("result")).isEqualTo("HTTP 401");
    assertThat(health.describe().getString("probe")).contains("/instances/abc/v1/models");
  }

  @Test
  void aProbeThatTimesOutIsAFailure() {
    start(SimulatorOptions.defaults(), 100);

    simulator.slowDown(Duration.ofSeconds(2));

    await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == DOWN);
    assertThat(health.describe().getJsonObject("lastProbe").getString("result")).startsWith("timed out: ");
  }

  @Test
  void passiveConnectFailuresTripDownAndRepeatsAreNotAnnounced() {
    start(SimulatorOptions.defaults(), NEVER);

    health.connectFailed();
    health.connectFailed();
    awaitCounter("consecutiveFailures", FAILURES_TO_DOWN - 1);
    assertThat(health.state()).isEqualTo(UP);

    health.connectFailed();
    await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == DOWN);
    assertThat(health.describe().getString("reason")).contains("a proxied request could not connect");

    for (int i = 0; i < 5; i++) {
      health.connectFailed();
    }
    awaitCounter("consecutiveFailures", FAILURES_TO_DOWN + 5);
    assertThat(changes).containsExactly(DOWN);
  }

  @Test
  void passiveAnswersNeverBringADownUpstreamBack() {
    start(SimulatorOptions.defaults(), NEVER);
    for (int i = 0; i < FAILURES_TO_DOWN; i++) {
      health.connectFailed();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == DOWN);

    for (int i = 0; i < 10; i++) {
      health.answered(200);
    }
    health.connectFailed(); // handled after the answers: the counter proves they were seen
    awaitCounter("consecutiveFailures", FAILURES_TO_DOWN + 1);

    assertThat(health.state()).isEqualTo(DOWN);
    assertThat(changes).containsExactly(DOWN);
  }

  @Test
  void aPassiveAnswerResetsTheFailuresOfAnUpUpstream() {
    start(SimulatorOptions.defaults(), NEVER);
    health.connectFailed();
    health.connectFailed();
    awaitCounter("consecutiveFailures", FAILURES_TO_DOWN - 1);

    health.answered(404);
    health.connectFailed();
    health.connectFailed();
    health.answered(503); // handled last, and leaves the failure count alone: a marker that the rest was seen
    awaitCounter("recentServerErrors", 1);

    assertThat(health.describe().getInteger("consecutiveFailures")).isEqualTo(2);
    assertThat(health.state()).isEqualTo(UP);
    assertThat(changes).isEmpty();
  }

  @Test
  void aBurstOfServerErrorsTripsDown() {
    start(SimulatorOptions.defaults(), NEVER);

    for (int i = 0; i < SERVER_ERRORS_TO_DOWN - 1; i++) {
      health.answered(503);
    }
    awaitCounter("recentServerErrors", SERVER_ERRORS_TO_DOWN - 1);
    assertThat(health.state()).isEqualTo(UP);

    health.answered(500);
    await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == DOWN);
    assertThat(health.describe().getString("reason"))
        .startsWith(SERVER_ERRORS_TO_DOWN + " server errors (5xx) on proxied requests within 10 s");
    assertThat(changes).containsExactly(DOWN);
  }

  private UpstreamState start(SimulatorOptions options, int intervalMillis) {
    simulator = Simulator.start(vertx, options).await();
    GatewayConfig.Health settings = new GatewayConfig.Health("/v1/models", intervalMillis, FAILURES_TO_DOWN,
        SUCCESSES_TO_UP, SERVER_ERRORS_TO_DOWN);
    health = new UpstreamHealth(vertx, client, new UpstreamTarget(URI.create(simulator.baseUrl())), settings);
    health.onChange(changes::add);
    return health.start().await();
  }

  private void awaitCounter(String name, int atLeast) {
    await().atMost(Duration.ofSeconds(5)).until(() -> health.describe().getInteger(name) >= atLeast);
  }
}
