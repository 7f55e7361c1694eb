package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin port's bearer token: every path but /health/* needs it. */
@ExtendWith(VertxExtension.class)
class OpsAuthTest {

  private static final List<String> GUARDED = List.of("/ops/status", "/ops/jobs", "/ops/jobs/x", "/ops/callbacks",
      "/ops/replays", "/upstream", "/recovery", "/metrics", "/anything");

  @TempDir Path dataDir;
  private OpsClient ops;

  @AfterEach
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void everythingButHealthAnswers401WithoutTheRightToken(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    for (String path : GUARDED) {
      for (String auth : new String[] {null, "Bearer wrong", "Bearer " + OpsClient.TOKEN + "x", OpsClient.TOKEN,
          "Basic " + OpsClient.TOKEN}) {
        var request = ops.web.getAbs(ops.env.adminUrl() + path);
        if (auth != null) {
          request.putHeader("Authorization", auth);
        }
        HttpResponse<Buffer> r = request.send().await();
        assertThat(r.statusCode()).as(path + " with " + auth).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(r.bodyAsJsonObject().getInteger("code")).isEqualTo(401);
        assertThat(r.bodyAsJsonObject().getString("code_description")).isEqualTo("Unauthorized");
      }
    }
    assertThat(ops.web.getAbs(ops.env.adminUrl() + "/health/live").send().await().statusCode()).isEqualTo(200);
    assertThat(ops.web.getAbs(ops.env.adminUrl() + "/health/ready").send().await().statusCode()).isEqualTo(200);
    assertThat(ops.call(HttpMethod.GET, "/ops/status").statusCode()).isEqualTo(200);
    assertThat(ops.call(HttpMethod.GET, "/upstream").statusCode()).isEqualTo(200);
    assertThat(ops.call(HttpMethod.GET, "/anything").statusCode()).isEqualTo(404);
  }

  @Test
  void withoutATokenTheLoopbackPortIsOpen(Vertx vertx) {
    try (TestGateway env = TestGateway.start(vertx, dataDir, com.sttgateway.simulator.SimulatorOptions.defaults(),
        Map.of())) {
      WebClient web = WebClient.create(vertx);
      assertThat(web.getAbs(env.adminUrl() + "/ops/status").send().await().statusCode()).isEqualTo(200);
      web.close();
    }
  }

  @Test
  void beyondLoopbackWithATokenItStartsAndGuards(Vertx vertx) {
    var config = TestGateway.config(dataDir, Map.of("GATEWAY_ADMIN_HOST", "0.0.0.0",
        "GATEWAY_UPSTREAM_URL", "http://127.0.0.1:9", "GATEWAY_OPS_TOKEN", "t0ken"));
    Gateway gateway = Gateway.start(vertx, config).await();
    try {
      WebClient web = WebClient.create(vertx);
      String url = "http://127.0.0.1:" + gateway.adminPort();
      assertThat(web.getAbs(url + "/ops/jobs").send().await().statusCode()).isEqualTo(401);
      assertThat(web.getAbs(url + "/ops/jobs").putHeader("Authorization", "Bearer t0ken").send().await()
          .statusCode()).isEqualTo(200);
      web.close();
    } finally {
      gateway.close().await();
    }
  }
}
