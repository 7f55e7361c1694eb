package com.sttgateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AddCorpusOptions;
import com.ibm.watson.speech_to_text.v1.model.ListCorporaOptions;
import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.EmbeddedS3;
import com.sttgateway.simulator.Simulator;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The vault against an object store that goes down: fail closed, nothing left upstream that the vault lacks. */
@ExtendWith(VertxExtension.class)
class VaultDurabilityTest {

  @TempDir Path dataDir;
  private EmbeddedS3 s3;
  private Simulator simulator;
  private Gateway gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close().await();
    }
    if (simulator != null) {
      simulator.close().await();
    }
    s3.close();
  }

  @Test
  void objectStoreDownAnswers503AndLeavesNoModelOrCorpusUpstream(Vertx vertx) throws Exception {
    s3 = EmbeddedS3.start(dataDir.resolve("s3"));
    simulator = Simulator.start(vertx, VaultSteps.options(Duration.ofMillis(50))).await();
    gateway = Gateway.start(vertx, TestGateway.config(dataDir.resolve("gw"), Map.of(
        "GATEWAY_UPSTREAM_URL", simulator.baseUrl(),
        "GATEWAY_OBJECT_STORE_ENDPOINT", s3.endpoint(),
        "GATEWAY_OBJECT_STORE_ACCESS_KEY", s3.accessKey(),
        "GATEWAY_OBJECT_STORE_SECRET_KEY", s3.secretKey(),
        "GATEWAY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32])))).await();
    SpeechToText stt = VaultSteps.sdk("http://127.0.0.1:" + gateway.port(), "x");
    SpeechToText direct = VaultSteps.sdk(simulator.baseUrl(), "x");
    String lm = VaultSteps.createLanguageModel(stt, "kept");
    s3.close();

    assertThatThrownBy(() -> stt.addCorpus(new AddCorpusOptions.Builder(lm, "reports",
        VaultSteps.stream(VaultSteps.CORPUS)).build()).execute())
        .isInstanceOfSatisfying(ServiceResponseException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(503);
          assertThat(e.getHeaders().values("Retry-After")).isNotEmpty();
        });
    assertThatThrownBy(() -> VaultSteps.createLanguageModel(stt, "lost"))
        .isInstanceOfSatisfying(ServiceResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));

    assertThat(direct.listCorpora(new ListCorporaOptions.Builder(lm).build()).execute().getResult().getCorpora())
        .isEmpty();
    assertThat(direct.listLanguageModels().execute().getResult().getCustomizations()).hasSize(1);
  }
}
