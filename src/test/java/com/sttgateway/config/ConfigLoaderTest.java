package com.sttgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final Path SHIPPED = Path.of("conf", "gateway.json");

  @Test
  void shippedConfListsEverySettingWithItsDefault() throws IOException {
    JsonObject conf = new JsonObject(Files.readString(SHIPPED));
    for (Setting s : Setting.values()) {
      Object value = lookup(conf, s.key());
      Object expected = s.defaultValue() instanceof List<?> l ? new JsonArray(l) : s.defaultValue();
      assertThat(value).as(s.key()).isEqualTo(expected);
    }
  }

  @Test
  void readmeDocumentsEverySettingAndVariable() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Setting s : Setting.values()) {
      assertThat(readme).as("README row for " + s.key()).contains("`" + s.key() + "`").contains("`" + s.env() + "`");
    }
  }

  @Test
  void shippedConfStartsTheEmbeddedDemoSet() {
    GatewayConfig config = ConfigLoader.load(SHIPPED, Map.of());
    assertThat(config.upstream().embeddedSimulator()).isTrue();
    assertThat(config.objectStore().embedded()).isTrue();
    assertThat(config.cluster().members()).isEmpty();
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.admin().port()).isEqualTo(9090);
    assertThat(config.admin().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void environmentOverridesTheFile() {
    GatewayConfig config = ConfigLoader.load(SHIPPED, Map.of(
        "GATEWAY_UPSTREAM_URL", "https://api.us-south.speech-to-text.watson.cloud.ibm.com/instances/abc",
        "GATEWAY_PORT", "18080",
        "GATEWAY_CLUSTER_MEMBERS", "gw1, gw2:5702",
        "GATEWAY_OBJECT_STORE_ENDPOINT", "http://minio:9000"));
    assertThat(config.upstream().url())
        .isEqualTo(URI.create("https://api.us-south.speech-to-text.watson.cloud.ibm.com/instances/abc"));
    assertThat(config.server().port()).isEqualTo(18080);
    assertThat(config.cluster().members()).containsExactly("gw1", "gw2:5702");
    assertThat(config.objectStore().embedded()).isFalse();
  }

  @Test
  void invalidValuesNameTheKeyAndWhatWasExpected() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("server.port: 'eighty' (expected: an integer from 0 to 65535)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_UPSTREAM_URL", "ftp://x")))
        .hasMessageStartingWith("upstream.url: 'ftp://x' (expected: an http(s) URL");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_OBJECT_STORE_BUCKET", "Bad_Bucket")))
        .hasMessageStartingWith("objectStore.bucket: 'Bad_Bucket'");
  }

  @Test
  void unknownKeysAndBrokenJsonAreRejected(@TempDir Path dir) throws IOException {
    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, "{\"server\": {\"prot\": 1}}");
    assertThatThrownBy(() -> ConfigLoader.load(typo, Map.of())).hasMessageStartingWith("server.prot: '1'");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"server\": ");
    assertThatThrownBy(() -> ConfigLoader.load(broken, Map.of())).hasMessageContaining("not valid JSON");
  }

  @Test
  void secretsAreRedactedWhenPrinted() {
    GatewayConfig config = ConfigLoader.load(null, Map.of(
        "GATEWAY_OPS_TOKEN", "tok-123456", "GATEWAY_OBJECT_STORE_SECRET_KEY", "s3-secret-xyz"));
    assertThat(config.toString()).doesNotContain("tok-123456").doesNotContain("s3-secret-xyz").contains("****");
    assertThat(config.admin().token().value()).isEqualTo("tok-123456");
  }

  private static Object lookup(JsonObject conf, String dottedKey) {
    Object node = conf;
    for (String part : dottedKey.split("\\.")) {
      node = ((JsonObject) node).getValue(part);
    }
    return node;
  }
}
