package com.sttgateway.models;

import static com.sttgateway.models.VaultSteps.addAudio;
import static com.sttgateway.models.VaultSteps.addCorpus;
import static com.sttgateway.models.VaultSteps.audio;
import static com.sttgateway.models.VaultSteps.awaitAcoustic;
import static com.sttgateway.models.VaultSteps.awaitLanguage;
import static com.sttgateway.models.VaultSteps.createAcousticModel;
import static com.sttgateway.models.VaultSteps.createLanguageModel;
import static com.sttgateway.models.VaultSteps.trainAcousticModel;
import static com.sttgateway.models.VaultSteps.trainLanguageModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.UpgradeAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.UpgradeLanguageModelOptions;
import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code upgrade_model} of both kinds is recorded in the model's history; a restored model needs no replay of it. */
@ExtendWith(VertxExtension.class)
class VaultUpgradeTest {

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void upgradesAreRecordedAndARestoredModelIsUpgradedWithTheOriginalIds(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, VaultSteps.options(Duration.ofMillis(50)), VaultSteps.fast());
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, "lm");
    addCorpus(stt, lm, "reports", VaultSteps.CORPUS);
    trainLanguageModel(stt, lm, "available");
    String am = createAcousticModel(stt, "am");
    addAudio(stt, am, audio(64_000, 3));
    trainAcousticModel(stt, am, lm);

    stt.upgradeLanguageModel(new UpgradeLanguageModelOptions.Builder(lm).build()).execute();
    awaitLanguage(stt, lm, "available");
    stt.upgradeAcousticModel(new UpgradeAcousticModelOptions.Builder(am).customLanguageModelId(lm).build()).execute();
    awaitAcoustic(stt, am, "available", Duration.ofSeconds(10));
    assertThat(lastEvent(lm)).isEqualTo("upgraded");
    assertThat(lastEvent(am)).isEqualTo("upgraded");
    assertThat(env.gateway.models().entry(am).history().getJsonObject(
        env.gateway.models().entry(am).history().size() - 1).getString("detail")).contains(lm);

    env.simulator.wipe();
    awaitLanguage(stt, lm, "available", Duration.ofSeconds(30));
    awaitAcoustic(stt, am, "available", Duration.ofSeconds(30));
    // Upgraded again after the restore, still by the original ids (the acoustic one names the language model).
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> stt.upgradeAcousticModel(
        new UpgradeAcousticModelOptions.Builder(am).customLanguageModelId(lm).build()).execute().getStatusCode() == 200);
    assertThat(lastEvent(am)).isEqualTo("upgraded");
  }

  private String lastEvent(String id) {
    var history = env.gateway.models().entry(id).history();
    return ((JsonObject) history.getValue(history.size() - 1)).getString("event");
  }
}
