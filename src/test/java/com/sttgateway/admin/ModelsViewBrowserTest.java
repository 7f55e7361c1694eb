package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AddCorpusOptions;
import com.ibm.watson.speech_to_text.v1.model.AddWordsOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.CustomWord;
import com.ibm.watson.speech_to_text.v1.model.GetLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.TrainLanguageModelOptions;
import com.sttgateway.OpsFixture;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.CustomizationOptions;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's models view in a real headless Chromium: a language model built through the gateway with the
 * official SDK is listed; after a simulator wipe the gateway restores it and the row shows the restore; a click
 * shows the model's history. Screenshot: target/models-view.png.
 */
@ExtendWith(VertxExtension.class)
class ModelsViewBrowserTest {

  static final Path SCREENSHOT = Path.of("target", "models-view.png");
  static final Path FAILURE = Path.of("target", "models-view-failure.png");
  private static final Map<String, String> SETTINGS = Map.of(
      "GATEWAY_OPS_TOKEN", OpsFixture.TOKEN,
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "100",
      "GATEWAY_RECOVERY_INTERVAL_SECONDS", "1",
      "GATEWAY_RECOVERY_BACKOFF_MILLIS", "50");

  @TempDir Path dataDir;

  @BeforeAll
  static void installChromium() throws Exception {
    DashboardBrowserTest.installChromium();
  }

  @Test
  void anOperatorSeesAModelListedThenRestoredAndOpensItsHistory(Vertx vertx) throws Exception {
    SimulatorOptions sim = SimulatorOptions.defaults().withCustomization(CustomizationOptions.defaults()
        .withResourceProcessing(Duration.ofMillis(50)).withTraining(Duration.ofMillis(100)));
    TestGateway env = TestGateway.start(vertx, dataDir, sim, SETTINGS);
    try (HeadlessChromium browser = HeadlessChromium.start(Path.of("target", "chromedriver-models.log"))) {
      try {
        String id = trainedLanguageModel(env.url());
        browser.open(env.adminUrl() + "/dashboard/");
        eventually().until(() -> browser.displayed("#token-input"));
        browser.type("#token-input", OpsFixture.TOKEN);
        browser.click("#token-submit");
        String row = "#models-body tr[data-model-id='" + id + "']";
        eventually().untilAsserted(() -> assertThat(browser.text(row)).startsWith(id)
            .contains("ops-view-lm", "language", "active", "en-US_BroadbandModel", "1 corpus", "yes"));
        assertThat(browser.text(row + " td:nth-child(7)")).isEqualTo("2");

        env.simulator.wipe();
        eventually().untilAsserted(() -> assertThat(browser.text(row + " td:nth-child(9)"))
            .matches("restored \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ"));
        assertThat(browser.text(row + " td:nth-child(4)")).isEqualTo("active");

        browser.click(row);
        eventually().untilAsserted(() -> assertThat(browser.text("#model-detail-state")).isEqualTo("active"));
        eventually().untilAsserted(() -> assertThat(browser.text("#model-history-body"))
            .contains("created", "corpora added", "words added", "trained", "lost", "restored"));
        assertThat(browser.text("#model-history-body tr[data-event='restored']")).contains("as upstream id ");
        assertThat(browser.text("#model-detail-fields")).contains("IEEE, gnocchi")
            .contains("trained with the default parameters");
        browser.screenshot(SCREENSHOT);
      } catch (Exception | AssertionError e) {
        browser.screenshot(FAILURE);
        throw new AssertionError(e.getMessage() + "\nscreenshot: " + FAILURE + "\nconsole: " + browser.console(), e);
      }
    } finally {
      env.close();
    }
  }

  /** One corpus, two words, trained: built by a client through the gateway with the official SDK. */
  private static String trainedLanguageModel(String url) {
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("x").build());
    stt.setServiceUrl(url);
    String id = stt.createLanguageModel(new CreateLanguageModelOptions.Builder("ops-view-lm", "en-US_BroadbandModel")
        .build()).execute().getResult().getCustomizationId();
    stt.addCorpus(new AddCorpusOptions.Builder(id, "reports", new ByteArrayInputStream(
        "The Zorblax report mentions Quibbleton.\n".getBytes(StandardCharsets.UTF_8))).build()).execute();
    // Each step is processed asynchronously upstream (409 meanwhile): repeat it until accepted, as a client would.
    eventually().until(() -> {
      stt.addWords(new AddWordsOptions.Builder(id, List.of(
          new CustomWord.Builder().word("IEEE").soundsLike(List.of("I. triple E.")).build(),
          new CustomWord.Builder().word("gnocchi").soundsLike(List.of("nyohkee")).build())).build()).execute();
      return true;
    });
    eventually().until(() -> {
      stt.trainLanguageModel(new TrainLanguageModelOptions.Builder(id).build()).execute();
      return true;
    });
    eventually().until(() -> stt.getLanguageModel(new GetLanguageModelOptions.Builder(id).build()).execute()
        .getResult().getStatus().equals("available"));
    return id;
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
  }
}
