package com.sttgateway.models;

import static com.sttgateway.models.VaultSteps.addCorpus;
import static com.sttgateway.models.VaultSteps.createLanguageModel;
import static com.sttgateway.models.VaultSteps.trainLanguageModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.LanguageModel;
import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A client deletes a model while the gateway restores it: a deleted model never comes back. */
@ExtendWith(VertxExtension.class)
class VaultDeleteTest {

  private static final String NAME = "doomed";

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  /**
   * Three corpora analyzed slowly keep the restore busy after it created the new model upstream; the delete lands
   * then. "Left upstream" means any model of the client's with the definition's name: the original was wiped, so
   * only the restore's copy could be there, and a deleted model must leave none. The client's delete succeeds as
   * it would have before the loss (200), not with the upstream's 404 for the lost original.
   */
  @Test
  void aModelDeletedWhileItIsRestoredStaysDeletedAndLeavesNothingUpstream(Vertx vertx) throws Exception {
    String lm = restoringModel(vertx);
    String copy = ops("/ops/models/" + lm).getJsonObject("restore").getString("upstreamId");
    assertThat(upstreamNamed()).as("the restore's copy exists upstream before the delete").isNotZero();
    assertThat(send("DELETE", "/v1/customizations/" + lm, TestGateway.AUTH).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      assertThat(ops("/ops/models/" + lm).getString("state")).isEqualTo("deleted");
      assertThat(send("GET", "/v1/customizations/" + lm, TestGateway.AUTH).statusCode()).isEqualTo(404);
      assertThat(upstreamNamed()).as("models named " + NAME + " upstream (the restore's copy was " + copy + ")")
          .isZero();
    });
    assertThat(ops("/ops/models").getJsonArray("models")).allSatisfy(m ->
        assertThat(((JsonObject) m).getString("state")).isEqualTo("deleted"));
    assertThat(send("DELETE", "/v1/customizations/" + lm, TestGateway.AUTH).statusCode())
        .as("a second delete of the deleted model").isEqualTo(404);
  }

  /** The upstream's 404 for a lost model says nothing about another credential's rights: it deletes nothing. */
  @Test
  void anotherCredentialsDeleteOfALostModelLeavesItToBeRestored(Vertx vertx) throws Exception {
    String lm = restoringModel(vertx);
    // The same key as a bearer token: the upstream accepts it, the gateway sees another tenant.
    String stranger = "Bearer x";
    assertThat(send("DELETE", "/v1/customizations/" + lm, stranger).statusCode()).isEqualTo(404);

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(ops("/ops/models/" + lm).getString("state")).isEqualTo("active"));
    assertThat(send("GET", "/v1/customizations/" + lm, TestGateway.AUTH).statusCode()).isEqualTo(200);
  }

  /** A trained model, wiped upstream, whose restore has created its copy and is adding corpora slowly. */
  private String restoringModel(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, VaultSteps.options(Duration.ofMillis(800)), VaultSteps.fast());
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, NAME);
    addCorpus(stt, lm, "one", VaultSteps.CORPUS);
    addCorpus(stt, lm, "two", VaultSteps.CORPUS_DE);
    addCorpus(stt, lm, "three", "Quibbleton again and again.\n");
    trainLanguageModel(stt, lm, "available");
    env.simulator.wipe();
    await().atMost(Duration.ofSeconds(20)).until(() -> ops("/ops/models/" + lm),
        m -> "restoring".equals(m.getString("state")) && m.getJsonObject("restore") != null
            && m.getJsonObject("restore").getString("upstreamId") != null);
    return lm;
  }

  private long upstreamNamed() {
    SpeechToText direct = VaultSteps.sdk(env.simulator.baseUrl(), "x");
    return direct.listLanguageModels().execute().getResult().getCustomizations().stream()
        .map(LanguageModel::getName).filter(NAME::equals).count();
  }

  private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.url() + path))
        .header("Authorization", authorization).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject ops(String path) throws Exception {
    return new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.adminUrl() + path))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
  }
}
