package com.sttgateway.simulator;

import static com.sttgateway.simulator.SimTestSupport.await;
import static com.sttgateway.simulator.SimTestSupport.fastOptions;
import static com.sttgateway.simulator.SimTestSupport.json;
import static com.sttgateway.simulator.SimTestSupport.send;
import static com.sttgateway.simulator.SimTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The IAM stand-in: POST /identity/token issues bearer tokens the API accepts until they expire. */
@ExtendWith(VertxExtension.class)
class SimulatorIamTest {

  private static final String GRANT = "urn:ibm:params:oauth:grant-type:apikey";

  @Test
  void issuesATokenForTheApiKeyThatTheApiAcceptsUntilItExpires(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withApiKey("sim-key").withIamTokenTtl(Duration.ofSeconds(1)));
    WebClient client = SimTestSupport.client(vertx);
    long started = System.nanoTime();

    HttpResponse<Buffer> issued = exchange(client, simulator, GRANT, "sim-key");
    JsonObject body = json(issued);
    String token = body.getString("access_token");
    int freshStatus = models(client, simulator, "Bearer " + token).statusCode();
    Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> models(client, simulator, "Bearer " + token).statusCode() == 401);
    long expiredAfterMillis = (System.nanoTime() - started) / 1_000_000;
    HttpResponse<Buffer> expired = models(client, simulator, "Bearer " + token);

    assertThat(issued.statusCode()).isEqualTo(200);
    assertThat(issued.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(token).isNotBlank().isNotEqualTo("sim-key");
    assertThat(body.getString("refresh_token")).isEqualTo("not_supported");
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(1);
    assertThat(body.getLong("expiration")).isBetween(Instant.now().getEpochSecond() - 5,
        Instant.now().getEpochSecond() + 1);
    assertThat(freshStatus).isEqualTo(200);
    assertThat(expiredAfterMillis).isGreaterThanOrEqualTo(1000);
    assertThat(json(expired)).isEqualTo(new JsonObject().put("code", 401).put("error", "Unauthorized"));
    assertThat(simulator.stats().iamTokensIssued()).isEqualTo(1);
    assertThat(simulator.stats().toJson().getLong("iamTokensIssued")).isEqualTo(1);
  }

  @Test
  void anExpiredTokenIsRefusedEvenWhenAnyOtherCredentialIsAccepted(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withIamTokenTtl(Duration.ofSeconds(1)));
    WebClient client = SimTestSupport.client(vertx);

    String token = json(exchange(client, simulator, GRANT, "any-key")).getString("access_token");
    int freshStatus = models(client, simulator, "Bearer " + token).statusCode();
    Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> models(client, simulator, "Bearer " + token).statusCode() == 401);

    assertThat(freshStatus).isEqualTo(200);
    assertThat(models(client, simulator, "Bearer some-other-token").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesAWrongApiKeyOrGrantWithIamsErrorShapeAndIssuesNothing(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withApiKey("sim-key"));
    WebClient client = SimTestSupport.client(vertx);

    HttpResponse<Buffer> wrongKey = exchange(client, simulator, GRANT, "not-the-key");
    HttpResponse<Buffer> noKey = exchange(client, simulator, GRANT, "");
    HttpResponse<Buffer> otherGrant = exchange(client, simulator, "password", "sim-key");

    assertThat(wrongKey.statusCode()).isEqualTo(400);
    assertThat(json(wrongKey)).isEqualTo(new JsonObject().put("errorCode", "BXNIM0415E")
        .put("errorMessage", "Provided API key could not be found."));
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(json(noKey).getString("errorCode")).isEqualTo("BXNIM0109E");
    assertThat(otherGrant.statusCode()).isEqualTo(400);
    assertThat(json(otherGrant).getString("errorCode")).isEqualTo("BXNIM0103E");
    assertThat(simulator.stats().iamTokensIssued()).isZero();
  }

  @Test
  void sitsOutsideTheBasePathWithoutAuthAndOutlivesTheUnavailableMode(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withApiKey("sim-key").withBasePath("/instances/abc"));
    WebClient client = SimTestSupport.client(vertx);

    await(simulator.goDown(DownMode.UNAVAILABLE));
    HttpResponse<Buffer> duringOutage = exchange(client, simulator, GRANT, "sim-key");
    String token = json(duringOutage).getString("access_token");
    int apiDuringOutage = models(client, simulator, "Bearer " + token).statusCode();
    await(simulator.comeBack());

    assertThat(simulator.iamUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/identity/token");
    assertThat(duringOutage.statusCode()).isEqualTo(200);
    assertThat(apiDuringOutage).isEqualTo(503);
    assertThat(models(client, simulator, "Bearer " + token).statusCode()).isEqualTo(200);
  }

  /** The exchange as the SDK's IamAuthenticator sends it, without any Authorization header. */
  static HttpResponse<Buffer> exchange(WebClient client, Simulator simulator, String grant, String apiKey) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", grant).add("apikey", apiKey)
        .add("response_type", "cloud_iam");
    return await(client.postAbs(simulator.iamUrl()).putHeader("Accept", "application/json").sendForm(form));
  }

  private static HttpResponse<Buffer> models(WebClient client, Simulator simulator, String authorization) {
    return send(client.getAbs(simulator.baseUrl() + "/v1/models").putHeader("Authorization", authorization));
  }
}
