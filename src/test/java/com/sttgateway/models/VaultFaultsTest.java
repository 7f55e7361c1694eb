package com.sttgateway.models;

import static com.sttgateway.models.VaultSteps.addCorpus;
import static com.sttgateway.models.VaultSteps.awaitLanguage;
import static com.sttgateway.models.VaultSteps.createLanguageModel;
import static com.sttgateway.models.VaultSteps.trainLanguageModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.LanguageModel;
import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The vault under trouble: a restart mid-restore, a model the service refuses, answers only to the builder. */
@ExtendWith(VertxExtension.class)
class VaultFaultsTest {

  private static final String OTHER = "Basic " + Base64.getEncoder().encodeToString("apikey:y".getBytes());

  @TempDir Path dataDir;
  private TestGateway env;
  private Gateway restarted;

  @AfterEach
  void stop() {
    if (restarted != null) {
      restarted.close().await();
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aRestoreInterruptedByARestartContinuesWithoutASecondModel(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, VaultSteps.options(Duration.ofMillis(800)), VaultSteps.fast());
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, "lm");
    addCorpus(stt, lm, "one", VaultSteps.CORPUS);
    addCorpus(stt, lm, "two", VaultSteps.CORPUS_DE);
    addCorpus(stt, lm, "three", "Quibbleton again and again.\n");
    trainLanguageModel(stt, lm, "available");
    env.simulator.wipe();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      JsonObject restore = env.gateway.models().entry(lm).restore();
      return restore != null && restore.getJsonArray("done", new io.vertx.core.json.JsonArray()).size() >= 1;
    });
    env.gateway.close().await();

    Map<String, String> settings = new HashMap<>(VaultSteps.fast());
    settings.put("GATEWAY_UPSTREAM_URL", env.simulator.baseUrl());
    restarted = Gateway.start(vertx, TestGateway.config(dataDir, settings)).await();
    SpeechToText again = VaultSteps.sdk("http://127.0.0.1:" + restarted.port(), "x");
    awaitLanguage(again, lm, "available", Duration.ofSeconds(30));

    assertThat(VaultRestoreTest.corpora(again, lm)).containsExactly("one", "three", "two");
    SpeechToText direct = VaultSteps.sdk(env.simulator.baseUrl(), "x");
    assertThat(direct.listLanguageModels().execute().getResult().getCustomizations()).hasSize(1);
    assertThat(restarted.models().entry(lm).history()).anySatisfy(h ->
        assertThat(((JsonObject) h).getString("event")).isEqualTo("restored"));
  }

  @Test
  void aModelTheServiceRefusesIsParkedWithTheReasonWhileTheOthersAreRestored(Vertx vertx) throws Exception {
    env = TestGateway.start(vertx, dataDir, VaultSteps.options(Duration.ofMillis(50)), VaultSteps.fast());
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String bad = createLanguageModel(stt, "bad");
    addCorpus(stt, bad, "poison", "SIMFAIL this corpus cannot be used\n");
    trainLanguageModel(stt, bad, "failed");
    String good = createLanguageModel(stt, "good");
    addCorpus(stt, good, "reports", VaultSteps.CORPUS);
    trainLanguageModel(stt, good, "available");
    env.simulator.wipe();

    awaitLanguage(stt, good, "available", Duration.ofSeconds(30));
    JsonObject parked = await().atMost(Duration.ofSeconds(30)).until(() -> ops("/ops/models/" + bad),
        m -> "parked".equals(m.getString("state")));
    assertThat(parked.getJsonObject("restore").getString("parked")).contains("failed to train");
    LanguageModel seen = stt.getLanguageModel(new com.ibm.watson.speech_to_text.v1.model.GetLanguageModelOptions
        .Builder(bad).build()).execute().getResult();
    assertThat(seen.getStatus()).isEqualTo("failed");
    assertThat(ops("/ops/models").getJsonArray("models").size()).isEqualTo(2);
  }

  @Test
  void vaultAnswersGoOnlyToTheCredentialThatBuiltTheModel(Vertx vertx) throws Exception {
    env = TestGateway.start(vertx, dataDir, VaultSteps.options(Duration.ofMillis(1500)), VaultSteps.fast());
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, "mine");
    addCorpus(stt, lm, "reports", VaultSteps.CORPUS);
    env.simulator.wipe();

    HttpResponse<String> builder = await().atMost(Duration.ofSeconds(10)).until(
        () -> get("/v1/customizations/" + lm, TestGateway.AUTH), r -> r.body().contains("gateway_restore"));
    assertThat(new JsonObject(builder.body()).getString("status")).isEqualTo("pending");
    assertThat(new JsonObject(builder.body()).getString("customization_id")).isEqualTo(lm);
    assertThat(get("/v1/customizations/" + lm, OTHER).statusCode()).isEqualTo(404);
    HttpResponse<String> sync = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.url()
        + "/v1/recognize?language_customization_id=" + lm)).header("Authorization", TestGateway.AUTH)
        .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sync.statusCode()).isEqualTo(503);
    assertThat(sync.headers().firstValue("Retry-After")).isPresent();
    assertThat(sync.body()).contains(lm);

    awaitLanguage(stt, lm, "ready", Duration.ofSeconds(30));
    env.simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
    HttpResponse<String> down = get("/v1/customizations/" + lm, TestGateway.AUTH);
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.body()).contains("gateway_vault").contains(lm);
    assertThat(get("/v1/customizations/" + lm, OTHER).statusCode()).isEqualTo(502);
  }

  private HttpResponse<String> get(String path, String auth) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.url() + path))
        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject ops(String path) throws Exception {
    return new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.adminUrl() + path))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
  }
}
