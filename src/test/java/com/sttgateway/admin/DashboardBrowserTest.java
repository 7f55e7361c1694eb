package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.sttgateway.OpsFixture;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver, installed on first use) against
 * a real gateway with queued jobs: sign in, see them, replay one and see its history change, replay the others in
 * bulk. Saves a screenshot to target/dashboard.png (target/dashboard-failure.png when it fails).
 */
@ExtendWith(VertxExtension.class)
class DashboardBrowserTest {

  /** The dashboard after the replay: the queued jobs, the replayed one open with its history. */
  static final Path SCREENSHOT = Path.of("target", "dashboard.png");
  static final Path FAILURE_SCREENSHOT = Path.of("target", "dashboard-failure.png");
  private static final String ROWS = "return [...document.querySelectorAll('#jobs-body tr')]"
      + ".map(tr => tr.children[0].innerText + ' ' + tr.children[1].innerText)";
  private static final String HISTORY = "return [...document.querySelectorAll('#history-body tr')]"
      + ".map(tr => [...tr.children].map(td => td.innerText).join(' | '))";

  @TempDir Path dataDir;

  /** Installs chromium and chromium-driver when missing; a failed install fails the test, never skips it. */
  @BeforeAll
  static void installChromium() throws Exception {
    if (Files.isExecutable(HeadlessChromium.CHROMIUM) && Files.isExecutable(HeadlessChromium.CHROMEDRIVER)) {
      return;
    }
    Path script = Path.of(DashboardBrowserTest.class.getResource("/install-chromium.sh").toURI());
    Path log = Files.createTempFile("install-chromium", ".log");
    Process install = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean done = install.waitFor(10, TimeUnit.MINUTES);
    if (!done || install.exitValue() != 0) {
      install.destroyForcibly();
      fail("the browser test needs /usr/bin/chromium and /usr/bin/chromedriver; " + script + " could not install"
          + " them (apt-get install chromium chromium-driver as root):\n" + Files.readString(log));
    }
  }

  @Test
  void anOperatorSeesTheQueuedJobsReplaysOneSeesItsHistoryChangeAndReplaysTheRestInBulk(Vertx vertx) throws Exception {
    TestGateway env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), OpsFixture.SETTINGS);
    try (HeadlessChromium browser = HeadlessChromium.start(Path.of("target", "chromedriver.log"))) {
      List<String> ids = OpsFixture.queueJobs(env, "browser-test", 3);
      try {
        signIn(browser, env);
        String id = ids.get(1);
        seesTheQueuedJobs(browser, ids);
        opensTheJob(browser, id);
        replaysIt(browser, env, id);
        browser.screenshot(SCREENSHOT);
        replaysTheOthersInBulk(browser, env, List.of(ids.get(0), ids.get(2)));
      } catch (Exception | AssertionError e) {
        try {
          browser.screenshot(FAILURE_SCREENSHOT);
        } catch (Exception screenshotFailed) {
          e.addSuppressed(screenshotFailed);
        }
        throw new AssertionError(e.getMessage() + "\nscreenshot: " + FAILURE_SCREENSHOT + "\nbrowser console: "
            + browser.console(), e);
      }
    } finally {
      env.close();
    }
  }

  /** A wrong token is refused with a message; the right one opens the dashboard. */
  private void signIn(HeadlessChromium browser, TestGateway env) throws Exception {
    browser.open(env.adminUrl() + "/dashboard/");
    eventually().until(() -> browser.displayed("#token-input"));
    browser.type("#token-input", "not-the-token");
    browser.click("#token-submit");
    eventually().untilAsserted(() -> assertThat(browser.text("#login-error")).contains("refused"));
    browser.type("#token-input", OpsFixture.TOKEN);
    browser.type("#operator-input", "dora");
    browser.click("#token-submit");
    eventually().until(() -> browser.displayed("#jobs-table"));
    assertThat(browser.displayed("#token-input")).isFalse();
  }

  private void seesTheQueuedJobs(HeadlessChromium browser, List<String> ids) throws Exception {
    eventually().untilAsserted(() -> assertThat(rows(browser))
        .containsExactlyElementsOf(ids.stream().map(id -> id + " queued").toList()));
    eventually().untilAsserted(() -> assertThat(browser.text("#status-unfinished")).isEqualTo("3"));
    assertThat(browser.text("#status-upstream")).isEqualTo("UP");
    assertThat(browser.text("#status-counts li[data-count='queued']")).matches("queued\\s+3");
  }

  private void opensTheJob(HeadlessChromium browser, String id) throws Exception {
    browser.click("tr.job-row[data-job-id='" + id + "']");
    eventually().untilAsserted(() -> {
      assertThat(browser.text("#detail-id")).isEqualTo(id);
      assertThat(browser.text("#detail-state")).isEqualTo("queued");
      assertThat(history(browser)).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("| dora |"));
    });
  }

  /** Replay: the simulator is up, so the job reaches it; the history gains the operator's entry. */
  private void replaysIt(HeadlessChromium browser, TestGateway env, String id) throws Exception {
    int before = history(browser).size();
    long created = env.simulator.stats().jobsCreated();
    browser.click("#btn-replay");
    eventually().untilAsserted(() -> {
      assertThat(browser.text("#detail-state")).isEqualTo("submitted");
      List<String> history = history(browser);
      assertThat(history).hasSizeGreaterThan(before).anySatisfy(line -> assertThat(line).contains("| dora |"));
      assertThat(rows(browser)).contains(id + " submitted");
    });
    assertThat(browser.text("#message")).startsWith("Replay of " + id + " accepted");
    assertThat(env.simulator.stats().jobsCreated()).isEqualTo(created + 1);
  }

  /** Bulk replay of the queued ones: a dry run plans both, the task replays both, none stays queued. */
  private void replaysTheOthersInBulk(HeadlessChromium browser, TestGateway env, List<String> queued)
      throws Exception {
    long created = env.simulator.stats().jobsCreated();
    browser.click("#filter-state option[value='queued']");
    eventually().untilAsserted(() -> assertThat(rows(browser))
        .containsExactlyElementsOf(queued.stream().map(id -> id + " queued").toList()));
    browser.click("#bulk summary");
    browser.click("#bulk-plan");
    eventually().untilAsserted(() -> assertThat(browser.text("#bulk-result"))
        .isEqualTo("2 job(s) would be replayed, about 1 s."));
    browser.click("#bulk-run");
    eventually().untilAsserted(() -> assertThat(browser.text("#bulk-result"))
        .matches("task \\S+: completed, done 2, failed 0, skipped 0 of 2"));
    eventually().untilAsserted(() -> assertThat(browser.displayed("#jobs-empty")).isTrue());
    assertThat(env.simulator.stats().jobsCreated()).isEqualTo(created + 2);
  }

  @SuppressWarnings("unchecked")
  private static List<String> rows(HeadlessChromium browser) throws Exception {
    return ((JsonArray) browser.script(ROWS)).getList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> history(HeadlessChromium browser) throws Exception {
    return ((JsonArray) browser.script(HISTORY)).getList();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
  }

}
