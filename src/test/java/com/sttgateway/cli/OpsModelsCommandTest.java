package com.sttgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AddAudioOptions;
import com.ibm.watson.speech_to_text.v1.model.AddCorpusOptions;
import com.ibm.watson.speech_to_text.v1.model.AddWordsOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.CustomWord;
import com.ibm.watson.speech_to_text.v1.model.GetAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.GetLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.TrainLanguageModelOptions;
import com.sttgateway.OpsFixture;
import com.sttgateway.TestGateway;
import com.sttgateway.cli.OpsCommandTest.Run;
import com.sttgateway.simulator.CustomizationOptions;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ops models} against a real gateway whose vault holds a language model and an acoustic model built through
 * it with the official Java SDK; the simulator is wiped and the command shows the restore.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsModelsCommandTest {

  private static final Map<String, String> SETTINGS = Map.of(
      "GATEWAY_OPS_TOKEN", OpsFixture.TOKEN,
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "100",
      "GATEWAY_RECOVERY_INTERVAL_SECONDS", "1",
      "GATEWAY_RECOVERY_BACKOFF_MILLIS", "50");

  private Vertx vertx;
  private TestGateway env;
  private SpeechToText stt;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    SimulatorOptions sim = SimulatorOptions.defaults().withCustomization(CustomizationOptions.defaults()
        .withResourceProcessing(Duration.ofMillis(50)).withTraining(Duration.ofMillis(100)));
    env = TestGateway.start(vertx, Files.createTempDirectory("ops-models"), sim, SETTINGS);
    stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("x").build());
    stt.setServiceUrl(env.url());
  }

  @AfterAll
  void stop() {
    env.close();
    vertx.close().await();
  }

  @Test
  void modelsListsEachVaultedModelAndShowsItsRestoreAfterAWipe() {
    String lm = trainedLanguageModel();
    String am = acousticModelWithOneAudio();

    Run before = ops("models");
    assertThat(before.code()).as(before.err()).isZero();
    assertThat(before.out().lines().findFirst().orElseThrow())
        .matches("ID +KIND +STATE +BASE MODEL +RESOURCES +WORDS +TRAINED +LAST RESTORE");
    assertThat(before.out())
        .containsPattern("(?m)^" + lm + " +language +active +en-US_BroadbandModel +1 corpus +2 +yes +-$")
        .containsPattern("(?m)^" + am + " +acoustic +active +en-US_BroadbandModel +1 audio +0 +no +-$");

    env.simulator.wipe();

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(ops("models").out())
            .containsPattern("(?m)^" + lm + " +language +active .* +restored \\S+Z \\(as upstream id \\S+\\)$")
            .containsPattern("(?m)^" + am + " +acoustic +active .* +restored \\S+Z \\(as upstream id \\S+\\)$"));
    JsonObject json = new JsonObject(ops("models", "--json").out());
    assertThat(json.getJsonArray("models").stream().map(m -> ((JsonObject) m).getString("id")))
        .contains(lm, am);

    Run one = ops("models", lm);
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(one.out()).containsPattern("(?m)^id +" + lm + "$").containsPattern("(?m)^state +active$")
        .containsPattern("(?m)^words +2 \\(IEEE, gnocchi\\)$")
        .containsPattern("(?m)^trained +yes, with the default parameters$")
        .containsPattern("(?m)^corpus +reports +\\d+ +text/plain")
        .contains("\nhistory:\nAT ")
        .containsPattern("(?m)^\\S+Z +created +client +upstream id " + lm + "$")
        .containsPattern("(?m)^\\S+Z +corpora added +client +reports")
        .containsPattern("(?m)^\\S+Z +lost +gateway ")
        .containsPattern("(?m)^\\S+Z +restored +gateway +as upstream id ");
    assertThat(new JsonObject(ops("models", lm, "--json").out()).getString("id")).isEqualTo(lm);
  }

  @Test
  void verifyFollowsTheDrillToItsEndAndReportsIt() {
    String lm = trainedLanguageModel();

    Run run = ops("models", "verify", lm, "--timeout", "120");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("(?m)^model +" + lm + "$").containsPattern("(?m)^result +ok$")
        .containsPattern("(?m)^cleanup +deleted: upstream model \\S+$");
    assertThat(ops("models", lm).out()).containsPattern("(?m)^\\S+Z +verified +\\S+ +ok");
    Run unknown = ops("models", "verify", "no-such-model");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("ops: 404: no vaulted model no-such-model\n");
    assertThat(run("models", "verify", "--help").out()).contains("  models verify ID [--timeout S]")
        .contains("costs a training run");
  }

  @Test
  void anUnknownModelExitsOneWithTheApisMessage() {
    Run run = ops("models", "no-such-model");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("ops: 404: no vaulted model no-such-model\n");
  }

  @Test
  void anUnreachableAdminPortExitsOne() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Run run = run("models", "--url", "http://127.0.0.1:" + closed);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("ops: cannot reach the admin port at http://127.0.0.1:" + closed);
  }

  @Test
  void badUsageExitsTwoWithTheUsage() {
    for (String[] args : List.of(new String[] {"models", "a", "b"}, new String[] {"models", "--state", "queued"},
        new String[] {"models", "--all"})) {
      Run run = run(args);
      assertThat(run.code()).as(Arrays.toString(args)).isEqualTo(2);
      assertThat(run.err()).as(Arrays.toString(args)).contains("usage: ");
    }
  }

  @Test
  void everySubcommandAnswersHelpWithItsOwnUsage() {
    Map<String, String> expected = Map.of("models", "  models ID ", "status", "  status ", "jobs", "  jobs [filters]",
        "job", "  job ID ", "replay", "  replay --task ID", "replays", "  replays ", "park", "  park ID | unpark ID",
        "unpark", "  park ID | unpark ID", "callbacks", "  callbacks ");
    expected.forEach((command, line) -> {
      Run run = run(command, "--help");
      assertThat(run.code()).as(command).isZero();
      assertThat(run.out()).as(command).startsWith("usage: java -jar stt-recovery-gateway.jar ops " + command)
          .contains(line).contains("--token T");
    });
    assertThat(run("models", "--help").out()).doesNotContain("  replay ");
    assertThat(run("--help").out()).contains("  models ID ").contains("  replay ID ");
  }

  private String trainedLanguageModel() {
    String id = stt.createLanguageModel(new CreateLanguageModelOptions.Builder("ops-lm", "en-US_BroadbandModel")
        .build()).execute().getResult().getCustomizationId();
    stt.addCorpus(new AddCorpusOptions.Builder(id, "reports", new ByteArrayInputStream(
        "The Zorblax report mentions Quibbleton.\n".getBytes(StandardCharsets.UTF_8))).build()).execute();
    awaitLanguage(id, "ready");
    stt.addWords(new AddWordsOptions.Builder(id, List.of(
        new CustomWord.Builder().word("IEEE").soundsLike(List.of("I. triple E.")).build(),
        new CustomWord.Builder().word("gnocchi").soundsLike(List.of("nyohkee")).build())).build()).execute();
    // Words are processed asynchronously (409 meanwhile): train once they are, as a client would.
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      stt.trainLanguageModel(new TrainLanguageModelOptions.Builder(id).build()).execute();
      return true;
    });
    awaitLanguage(id, "available");
    return id;
  }

  private String acousticModelWithOneAudio() {
    String id = stt.createAcousticModel(new CreateAcousticModelOptions.Builder("ops-am", "en-US_BroadbandModel")
        .build()).execute().getResult().getCustomizationId();
    stt.addAudio(new AddAudioOptions.Builder(id, "call-1", new ByteArrayInputStream(new byte[32_000]))
        .contentType("audio/wav").build()).execute();
    await().atMost(Duration.ofSeconds(10)).until(() -> stt.getAcousticModel(
        new GetAcousticModelOptions.Builder(id).build()).execute().getResult().getStatus().equals("ready"));
    return id;
  }

  private void awaitLanguage(String id, String status) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> stt.getLanguageModel(
        new GetLanguageModelOptions.Builder(id).build()).execute().getResult().getStatus().equals(status));
  }

  private Run ops(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", env.adminUrl(), "--token", OpsFixture.TOKEN));
    return run(all.toArray(String[]::new));
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = OpsCommand.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
