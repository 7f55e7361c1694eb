package com.sttgateway.models;

import static com.sttgateway.models.VaultSteps.addAudio;
import static com.sttgateway.models.VaultSteps.addCorpus;
import static com.sttgateway.models.VaultSteps.awaitAcoustic;
import static com.sttgateway.models.VaultSteps.awaitLanguage;
import static com.sttgateway.models.VaultSteps.createAcousticModel;
import static com.sttgateway.models.VaultSteps.createLanguageModel;
import static com.sttgateway.models.VaultSteps.trainAcousticModel;
import static com.sttgateway.models.VaultSteps.trainLanguageModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.GetAcousticModelOptions;
import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acoustic model trained with a custom language model is found lost first (a client's request, before any
 * recovery run looked at the language model): the language model must be restored before it, not the acoustic
 * model trained against the lost language model's old id and parked.
 */
@ExtendWith(VertxExtension.class)
class VaultRestoreOrderTest {

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void anAcousticModelFoundLostFirstWaitsForItsLanguageModel(Vertx vertx) {
    Map<String, String> settings = new java.util.HashMap<>(VaultSteps.fast());
    settings.put("GATEWAY_RECOVERY_INTERVAL_SECONDS", "3600"); // only the client's request finds the loss
    env = TestGateway.start(vertx, dataDir, VaultSteps.options(Duration.ofMillis(50)), settings);
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, "lm");
    addCorpus(stt, lm, "one", VaultSteps.CORPUS);
    trainLanguageModel(stt, lm, "available");
    String am = createAcousticModel(stt, "am");
    addAudio(stt, am, VaultSteps.audio(64_000, 7));
    trainAcousticModel(stt, am, lm);
    env.simulator.wipe();

    // The client's GET of the acoustic model meets the upstream's 404 and starts the restore.
    stt.getAcousticModel(new GetAcousticModelOptions.Builder(am).build()).execute();

    awaitLanguage(stt, lm, "available", Duration.ofSeconds(30));
    awaitAcoustic(stt, am, "available", Duration.ofSeconds(30));
    assertThat(env.gateway.models().entry(am).state()).isEqualTo(ModelState.ACTIVE);
    assertThat(env.gateway.models().entry(lm).state()).isEqualTo(ModelState.ACTIVE);
  }
}
