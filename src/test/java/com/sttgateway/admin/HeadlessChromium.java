package com.sttgateway.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * A headless Debian Chromium driven by chromedriver over the W3C WebDriver HTTP API (no Selenium): one
 * chromedriver process, one browser session. Blocking; test thread only. Close it to end both processes.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Process driver;
  private final String base;
  private final Path profile;
  private String session;

  private HeadlessChromium(Process driver, int port, Path profile) {
    this.driver = driver;
    this.base = "http://127.0.0.1:" + port;
    this.profile = profile;
  }

  /** Starts chromedriver on a free port (its log in {@code log}) and opens a headless browser session. */
  static HeadlessChromium start(Path log) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HeadlessChromium chromium = new HeadlessChromium(driver, port, Files.createTempDirectory("chromium-profile"));
    try {
      chromium.awaitReady();
      chromium.newSession();
      return chromium;
    } catch (Exception | AssertionError e) {
      chromium.close();
      throw e;
    }
  }

  private void awaitReady() throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      if (!driver.isAlive()) {
        throw new IllegalStateException("chromedriver exited with " + driver.exitValue());
      }
      try {
        if (call("GET", "/status", null).getBoolean("ready", false)) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("chromedriver not ready after 20 s");
  }

  private void newSession() throws Exception {
    // Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses.
    JsonArray args = new JsonArray(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1400", "--user-data-dir=" + profile));
    JsonObject options = new JsonObject().put("binary", CHROMIUM.toString()).put("args", args);
    JsonObject capabilities = new JsonObject().put("alwaysMatch", new JsonObject().put("browserName", "chrome")
        .put("goog:chromeOptions", options).put("goog:loggingPrefs", new JsonObject().put("browser", "ALL")));
    JsonObject value = call("POST", "/session", new JsonObject().put("capabilities", capabilities));
    session = value.getString("sessionId");
  }

  void open(String url) throws Exception {
    command("POST", "/url", new JsonObject().put("url", url));
  }

  /** The element matching the CSS selector; fails when there is none. */
  String find(String css) throws Exception {
    JsonObject found = command("POST", "/element", new JsonObject().put("using", "css selector").put("value", css));
    return found.getString(ELEMENT);
  }

  void click(String css) throws Exception {
    command("POST", "/element/" + find(css) + "/click", new JsonObject());
  }

  void type(String css, String text) throws Exception {
    command("POST", "/element/" + find(css) + "/value", new JsonObject().put("text", text));
  }

  /** The element's rendered text (empty when it is hidden). */
  String text(String css) throws Exception {
    return String.valueOf(call("GET", sessionPath("/element/" + find(css) + "/text"), null).getValue("value"));
  }

  /** The element's attribute (or property) value, null when it has none. */
  String attribute(String css, String name) throws Exception {
    Object value = call("GET", sessionPath("/element/" + find(css) + "/attribute/" + name), null).getValue("value");
    return value == null ? null : String.valueOf(value);
  }

  boolean displayed(String css) throws Exception {
    return Boolean.TRUE.equals(call("GET", sessionPath("/element/" + find(css) + "/displayed"), null)
        .getValue("value"));
  }

  /** Runs a script in the page and returns its result. */
  Object script(String script, Object... args) throws Exception {
    JsonObject body = new JsonObject().put("script", script).put("args", new JsonArray(List.of(args)));
    return call("POST", sessionPath("/execute/sync"), body).getValue("value");
  }

  void screenshot(Path png) throws Exception {
    String base64 = String.valueOf(call("GET", sessionPath("/screenshot"), null).getValue("value"));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(base64));
  }

  /** The browser console so far (chromedriver's log of it), to explain a failure. */
  String console() {
    try {
      return String.valueOf(call("POST", sessionPath("/se/log"), new JsonObject().put("type", "browser"))
          .getValue("value"));
    } catch (Exception e) {
      return "(console not available: " + e.getMessage() + ")";
    }
  }

  private JsonObject command(String method, String path, JsonObject body) throws Exception {
    Object value = call(method, sessionPath(path), body).getValue("value");
    return value instanceof JsonObject json ? json : new JsonObject();
  }

  private String sessionPath(String path) {
    return "/session/" + session + path;
  }

  /** One WebDriver call; its {@code value} unwrapped for /session and /status, else the whole answer. */
  private JsonObject call(String method, String path, JsonObject body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode()));
    request.header("Content-Type", "application/json");
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonObject answer = new JsonObject(response.body());
    Object value = answer.getValue("value");
    if (response.statusCode() != 200) {
      JsonObject error = value instanceof JsonObject json ? json : new JsonObject();
      throw new WebDriverError(method + " " + path + ": " + error.getString("error") + ": "
          + error.getString("message", response.body()));
    }
    boolean unwrap = path.equals("/status") || path.equals("/session");
    return unwrap && value instanceof JsonObject json ? json : answer;
  }

  /** A WebDriver command that failed (no such element, stale element, ...). */
  static final class WebDriverError extends RuntimeException {
    WebDriverError(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        call("DELETE", sessionPath(""), null);
      }
    } catch (Exception e) {
      // the processes are ended below either way
    }
    driver.descendants().forEach(ProcessHandle::destroy);
    driver.destroy();
    try {
      if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        driver.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      driver.destroyForcibly();
    }
    deleteProfile();
  }

  private void deleteProfile() {
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
