package com.sttgateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.cloud.sdk.core.service.exception.BadRequestException;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.RegisterCallbackOptions;
import com.ibm.watson.speech_to_text.v1.model.UnregisterCallbackOptions;
import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Direct mode: registrations pass through, and what the upstream accepted is journaled with its secret sealed. */
@ExtendWith(VertxExtension.class)
class CallbackJournalingTest {

  @TempDir Path dataDir;
  private TestGateway env;
  private SpeechToText stt;
  private String url;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir);
    stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("x").build());
    stt.setServiceUrl(env.url());
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "text/plain").end(req.getParam("challenge_string", ""))).listen(0).await();
    url = "http://127.0.0.1:" + receiver.actualPort() + "/results?client=a";
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void journalsAnAcceptedRegistrationWithItsSecretEncryptedAndForgetsItOnUnregister() {
    stt.registerCallback(new RegisterCallbackOptions.Builder().callbackUrl(url).userSecret("s3cr3t-value").build())
        .execute();

    List<String> keys = env.gateway.store().list("callbacks/").await();
    assertThat(keys).hasSize(1);
    JsonObject stored = env.gateway.store().getJson(keys.get(0)).await();
    assertThat(stored.encode()).contains("/results?client=a").doesNotContain("s3cr3t-value");
    assertThat(stored.getString("encryptedSecret")).isNotBlank();

    stt.unregisterCallback(new UnregisterCallbackOptions.Builder(url).build()).execute();
    assertThat(env.gateway.store().list("callbacks/").await()).isEmpty();
  }

  @Test
  void aRegistrationTheUpstreamRefusesIsNotJournaled() {
    String dead = "http://127.0.0.1:9/nobody-home";
    assertThatThrownBy(() -> stt.registerCallback(new RegisterCallbackOptions.Builder().callbackUrl(dead).build())
        .execute()).isInstanceOf(BadRequestException.class);
    assertThat(env.gateway.store().list("callbacks/").await()).isEmpty();
  }
}
