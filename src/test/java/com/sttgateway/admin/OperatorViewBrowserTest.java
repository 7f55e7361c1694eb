package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.OpsFixture;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view in a real headless Chromium during a real outage of the simulator: the history chart shows
 * the unfinished jobs rise and fall, the progress bar moves while recovery resubmits them (one a second), the run
 * is listed as a row, the callbacks view lists the journaled registration, and a retrieved job is dropped from the
 * journal with its id as confirmation. Screenshots:
 * target/operator-view-recovery.png (mid-run) and target/operator-view.png (after).
 */
@ExtendWith(VertxExtension.class)
class OperatorViewBrowserTest {

  static final Path MID_RUN = Path.of("target", "operator-view-recovery.png");
  static final Path AFTER = Path.of("target", "operator-view.png");
  static final Path FAILURE = Path.of("target", "operator-view-failure.png");
  private static final int JOBS = 5;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Fast history samples and probes; recovery slow enough (1 a second, one at a time) to watch. */
  private static final Map<String, String> SETTINGS = Map.of(
      "GATEWAY_OPS_TOKEN", OpsFixture.TOKEN,
      "GATEWAY_ADMIN_HISTORY_SAMPLE_MILLIS", "300",
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "500",
      "GATEWAY_HEALTH_FAILURES_TO_DOWN", "2",
      "GATEWAY_HEALTH_SUCCESSES_TO_UP", "1",
      "GATEWAY_RECOVERY_RATE_PER_SECOND", "1",
      "GATEWAY_RECOVERY_CONCURRENCY", "1",
      "GATEWAY_RECOVERY_INTERVAL_SECONDS", "86400");

  @TempDir Path dataDir;

  @BeforeAll
  static void installChromium() throws Exception {
    DashboardBrowserTest.installChromium();
  }

  @Test
  void anOperatorWatchesTheUnfinishedJobsRiseAndFallAndTheRecoveryRunMove(Vertx vertx) throws Exception {
    TestGateway env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), SETTINGS);
    HttpServer receiver = vertx.createHttpServer()
        .requestHandler(req -> req.response().end(String.valueOf(req.getParam("challenge_string"))))
        .listen(0, "127.0.0.1").await();
    String callbackUrl = "http://127.0.0.1:" + receiver.actualPort() + "/results";
    try (HeadlessChromium browser = HeadlessChromium.start(Path.of("target", "chromedriver-operator.log"))) {
      try {
        registerCallback(env, callbackUrl);
        signIn(browser, env);
        List<String> ids = queueDuringAnOutage(env);
        eventually().untilAsserted(() -> assertThat(browser.text("#chart-jobs-summary"))
            .startsWith("now " + JOBS + ", peak " + JOBS));
        env.simulator.comeBack().await();
        watchesTheRunMove(browser);
        seesTheRunAsARow(browser);
        retrieveAll(env, ids);
        eventually().untilAsserted(() -> assertThat(browser.text("#chart-jobs-summary"))
            .startsWith("now 0, peak " + JOBS));
        seesTheCallback(browser, callbackUrl);
        browser.screenshot(AFTER);
        dropsARetrievedJob(browser, env, ids.get(0));
        aFreshPageDrawsTheHourAtOnce(browser, env);
      } catch (Exception | AssertionError e) {
        browser.screenshot(FAILURE);
        throw new AssertionError(e.getMessage() + "\nscreenshot: " + FAILURE + "\nconsole: " + browser.console(), e);
      }
    } finally {
      receiver.close().await();
      env.close();
    }
  }

  private void signIn(HeadlessChromium browser, TestGateway env) throws Exception {
    browser.open(env.adminUrl() + "/dashboard/");
    eventually().until(() -> browser.displayed("#token-input"));
    browser.type("#token-input", OpsFixture.TOKEN);
    browser.click("#token-submit");
    eventually().until(() -> browser.displayed("#chart-jobs"));
    eventually().untilAsserted(() -> assertThat(browser.text("#chart-jobs-summary")).startsWith("now 0, peak 0"));
  }

  /** The simulator refuses connections; once the gateway sees it DOWN, every submission is queued. */
  private List<String> queueDuringAnOutage(TestGateway env) throws Exception {
    env.simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(10)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      JsonObject job = OpsFixture.submit(env, "operator-view");
      assertThat(job.getString("status")).isEqualTo("waiting");
      ids.add(job.getString("id"));
    }
    return ids;
  }

  /** The bar shows the attempts as they happen: at least one value strictly between none and all. */
  private void watchesTheRunMove(HeadlessChromium browser) throws Exception {
    Set<Integer> seen = new TreeSet<>();
    boolean[] shot = {false};
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(150)).ignoreExceptions().until(() -> {
      if (browser.displayed("#recovery-bar")) {
        int attempted = Integer.parseInt(browser.attribute("#recovery-bar", "data-attempted"));
        int planned = Integer.parseInt(browser.attribute("#recovery-bar", "data-planned"));
        seen.add(attempted);
        if (planned == JOBS && attempted > 0 && attempted < JOBS && !shot[0]) {
          assertThat(browser.text("#recovery-numbers")).contains("resubmitted " + attempted + " of " + JOBS)
              .contains("remaining " + (JOBS - attempted)).contains("/s").contains("ends about");
          browser.screenshot(MID_RUN);
          shot[0] = true;
        }
      }
      return shot[0] && browser.displayed("#recovery-idle");
    });
    assertThat(seen).as("attempted counts the bar showed").anyMatch(n -> n > 0 && n < JOBS);
  }

  private void seesTheRunAsARow(HeadlessChromium browser) throws Exception {
    eventually().untilAsserted(() -> assertThat(browser.text("#runs-body tr:first-child"))
        .startsWith("upstream came back").endsWith("ok"));
    String row = browser.text("#runs-body tr:first-child");
    assertThat(row.split("\\s+")).contains(String.valueOf(JOBS));
    eventually().untilAsserted(() -> assertThat(browser.text("#status-recovery-detail"))
        .contains("resubmitted " + JOBS).doesNotContain("{"));
  }

  private void seesTheCallback(HeadlessChromium browser, String url) throws Exception {
    String row = "#callbacks-body tr[data-url='" + url + "']";
    eventually().untilAsserted(() -> assertThat(browser.text(row)).startsWith(url).contains("yes"));
    browser.script("window.confirm = () => true;");
    browser.click("#btn-reregister");
    eventually().untilAsserted(() -> assertThat(browser.text("#message"))
        .isEqualTo("Re-registration of every journaled callback started"));
  }

  /** Drop from journal asks for the job's id (the API's confirm); the job is then gone from the journal. */
  private void dropsARetrievedJob(HeadlessChromium browser, TestGateway env, String id) throws Exception {
    browser.click("#filter-state option[value='retrieved']");
    eventually().until(() -> browser.displayed("tr.job-row[data-job-id='" + id + "']"));
    browser.click("tr.job-row[data-job-id='" + id + "']");
    eventually().untilAsserted(() -> assertThat(browser.text("#detail-state")).isEqualTo("retrieved"));
    browser.script("const id = arguments[0]; window.prompt = () => id;", id);
    browser.click("#btn-delete");
    eventually().untilAsserted(() -> assertThat(browser.text("#message")).isEqualTo("Dropped " + id
        + " from the journal"));
    assertThat(env.gateway.journal().get(id).await()).isNull();
    eventually().untilAsserted(() -> assertThat(((Number) browser.script(
        "return document.querySelectorAll(\"tr.job-row[data-job-id='\" + arguments[0] + \"']\").length", id))
        .intValue()).isZero());
  }

  /** Reloaded, the page draws the hour from the server's samples: the peak is still there. */
  private void aFreshPageDrawsTheHourAtOnce(HeadlessChromium browser, TestGateway env) throws Exception {
    browser.open(env.adminUrl() + "/dashboard/");
    eventually().untilAsserted(() -> assertThat(browser.text("#chart-jobs-summary"))
        .startsWith("now 0, peak " + JOBS));
    assertThat(browser.text("#chart-upstream-summary")).startsWith("down in ");
  }

  private static void registerCallback(TestGateway env, String url) throws Exception {
    String query = "callback_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8) + "&user_secret=s3cret";
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create(env.url() + "/v1/register_callback?" + query)).header("Authorization", TestGateway.AUTH)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
  }

  /** The client fetches each job until it reads completed: the job is then retrieved (finished). */
  private static void retrieveAll(TestGateway env, List<String> ids) {
    for (String id : ids) {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(env.url()
            + "/v1/recognitions/" + id)).header("Authorization", TestGateway.AUTH).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("completed");
      });
    }
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
  }
}
