package com.sttgateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.cloud.sdk.core.service.exception.BadRequestException;
import com.ibm.watson.speech_to_text.v1.model.CreateJobOptions;
import com.sttgateway.TestGateway;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The SSRF guard on callback URLs in relay mode, and what a client sees when a URL is refused. */
@ExtendWith(VertxExtension.class)
class CallbackGuardTest {

  @TempDir Path dataDir;

  @Test
  void deniedHostsAreRefusedWith400NamingTheUrlAndTheRuleAndNothingIsJournaled(Vertx vertx) throws Exception {
    try (TestGateway env = RelayFixture.start(vertx, dataDir, SimulatorOptions.defaults(), Map.of())) {
      HttpResponse<String> metadata = register(env, "http://169.254.169.254/latest/meta-data");
      assertThat(metadata.statusCode()).isEqualTo(400);
      JsonObject error = new JsonObject(metadata.body());
      assertThat(error.getInteger("code")).isEqualTo(400);
      assertThat(error.getString("code_description")).isEqualTo("Bad Request");
      assertThat(error.getString("error")).contains("'http://169.254.169.254/latest/meta-data'")
          .contains("callbacks.deny entry 169.254.0.0/16");

      assertThat(new JsonObject(register(env, "http://metadata.google.internal/computeMetadata/v1").body())
          .getString("error")).contains("metadata.google.internal matches callbacks.deny");
      assertThat(new JsonObject(register(env, "http://[fd00:ec2::254]/").body()).getString("error"))
          .contains("fd00:ec2::254/128");
      assertThat(new JsonObject(register(env, "http://[::ffff:169.254.170.2]/creds").body()).getString("error"))
          .contains("169.254.0.0/16");
      assertThat(env.gateway.store().list("callbacks/").await()).as("only the relay's own registration")
          .singleElement().satisfies(key -> assertThat(env.gateway.store().getJson(key).await().getString("url"))
              .endsWith(RelayRegistrar.PATH));
    }
  }

  @Test
  void aJobNamingACallbackUrlNotRegisteredThroughTheGatewayIsRefusedLikeTheUpstreamWould(Vertx vertx) {
    try (TestGateway env = RelayFixture.start(vertx, dataDir, SimulatorOptions.defaults(), Map.of())) {
      assertThatThrownBy(() -> RelayFixture.sdk(env).createJob(new CreateJobOptions.Builder()
          .audio(new ByteArrayInputStream(RelayFixture.audio(500, 3))).contentType("audio/wav")
          .callbackUrl("http://127.0.0.1:9/never-registered").build()).execute())
          .isInstanceOf(BadRequestException.class).hasMessageContaining("is not allowlisted");
      assertThat(env.simulator.stats().jobsCreated()).isZero();
    }
  }

  @Test
  void loopbackIsAllowedByDefaultAndAnAllowListAdmitsOnlyItsRanges(Vertx vertx) {
    CallbackGuard byDefault = guard(vertx, List.of(), settingsDeny());
    assertThat(byDefault.refusal("http://127.0.0.1:8080/hook")).isNull();
    assertThat(byDefault.refusal("http://[::1]:8080/hook")).isNull();
    assertThat(byDefault.refusal("http://169.254.169.254/")).contains("169.254.0.0/16");
    assertThat(byDefault.refusal("http://[fe80::1]/")).contains("fe80::/10");
    assertThat(byDefault.refusal("http://100.100.100.200/")).contains("100.100.100.200/32");
    assertThat(byDefault.refusal("ftp://127.0.0.1/")).contains("not an absolute http(s) URL");

    CallbackGuard allowList = guard(vertx, List.of("10.0.0.0/8", "*.hooks.example"), settingsDeny());
    assertThat(allowList.refusal("http://127.0.0.1:8080/hook")).contains("not in callbacks.allow");
    assertThat(allowList.refusal("http://10.1.2.3/hook")).isNull();

    CallbackGuard denyLoopback = guard(vertx, List.of(), List.of("127.0.0.0/8", "localhost"));
    assertThat(denyLoopback.refusal("http://localhost:1/")).contains("localhost matches callbacks.deny");
    assertThat(denyLoopback.refusal("http://127.0.0.2:1/")).contains("127.0.0.0/8");
  }

  @Test
  void ipv6AddressesEmbeddingADeniedIpv4AddressAreRefused(Vertx vertx) throws Exception {
    CallbackGuard byDefault = guard(vertx, List.of(), settingsDeny());
    assertThat(byDefault.refusal("http://[::169.254.169.254]/")).contains("169.254.0.0/16");
    assertThat(byDefault.refusal("http://[64:ff9b::a9fe:a9fe]/")).contains("169.254.0.0/16");
    assertThat(byDefault.refusal("http://[2002:a9fe:a9fe::1]/")).contains("169.254.0.0/16");
    assertThat(byDefault.refusal("http://[64:ff9b::6464:64c8]/latest")).contains("100.100.100.200/32");
    assertThat(byDefault.refusal("http://[64:ff9b::7f00:1]:8080/hook")).isNull(); // 127.0.0.1 is not denied
    CallbackGuard allowList = guard(vertx, List.of("2001:db8::/32"), settingsDeny());
    assertThat(allowList.refusal("http://[2002:7f00:1::]/")).contains("not in callbacks.allow");

    try (TestGateway env = RelayFixture.start(vertx, dataDir, SimulatorOptions.defaults(), Map.of())) {
      HttpResponse<String> nat64 = register(env, "http://[64:ff9b::a9fe:a9fe]/latest/meta-data");
      assertThat(nat64.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(nat64.body()).getString("error")).contains("169.254.0.0/16");
    }
  }

  @Test
  void theHandshakeConnectsToTheAddressTheGuardChecked(Vertx vertx) throws Exception {
    // 2130706433 is 127.0.0.1 to the JDK, which checked it; a second resolution by the HTTP client reads it as a
    // name. Connecting to the checked address is what makes the check mean something (and defeats DNS rebinding).
    try (TestGateway env = RelayFixture.start(vertx, dataDir, SimulatorOptions.defaults(), Map.of());
        Receiver receiver = Receiver.start(vertx, "s3cret", "sha256")) {
      String numeric = receiver.url("/hook").replace("127.0.0.1", "2130706433");

      HttpResponse<String> registered = register(env, numeric);

      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }
  }

  @Test
  void invalidCallbackSettingsStopTheGatewayWithAMessageNamingTheKey() {
    assertThatThrownBy(() -> TestGateway.config(Path.of("unused"),
        Map.of("GATEWAY_CALLBACKS_SIGNATURE_ALGORITHM", "md5")))
        .hasMessageContaining("callbacks.signatureAlgorithm").hasMessageContaining("sha256 or sha1");
    assertThatThrownBy(() -> TestGateway.config(Path.of("unused"), Map.of("GATEWAY_CALLBACKS_DENY", "10.0.0.0/33")))
        .hasMessageContaining("callbacks.deny").hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> TestGateway.config(Path.of("unused"), Map.of("GATEWAY_CALLBACKS_PUBLIC_URL", "gw:8080")))
        .hasMessageContaining("callbacks.publicBaseUrl");
    GatewayConfig.Callbacks relay = TestGateway.config(Path.of("unused"),
        Map.of("GATEWAY_CALLBACKS_PUBLIC_URL", "https://gw.example/stt/", "GATEWAY_CALLBACKS_ALLOW", "10.0.0.0/8, ::1"))
        .callbacks();
    assertThat(relay.relay()).isTrue();
    assertThat(relay.publicBaseUrl()).isEqualTo("https://gw.example/stt");
    assertThat(relay.allow()).containsExactly("10.0.0.0/8", "::1");
    assertThat(TestGateway.config(Path.of("unused"), Map.of()).callbacks().relay()).isFalse();
  }

  private static List<String> settingsDeny() {
    return TestGateway.config(Path.of("unused"), Map.of()).callbacks().deny();
  }

  private static CallbackGuard guard(Vertx vertx, List<String> allow, List<String> deny) {
    return new CallbackGuard(vertx, new GatewayConfig.Callbacks("", "sha256", 60, 100, allow, deny));
  }

  private static HttpResponse<String> register(TestGateway env, String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(env.url() + "/v1/register_callback?callback_url="
            + URLEncoder.encode(url, StandardCharsets.UTF_8)))
        .header("Authorization", TestGateway.AUTH).POST(HttpRequest.BodyPublishers.noBody()).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
