package com.sttgateway.simulator;

import com.sttgateway.proxy.InvalidRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A stand-in for the IBM Watson Speech to Text service (async jobs, callbacks, sync and WebSocket recognize) with
 * outage controls, for tests, benchmarks and DR drills. Requests run on the API server's event loop; the control
 * methods are thread-safe and may be called from any thread. The admin port binds to the same host as the API.
 */
public final class Simulator {

  private static final Logger LOG = Logger.getLogger(Simulator.class.getName());
  private static final int MAX_SEEDED = 10_000_000;

  private final Vertx vertx;
  private final SimulatorOptions options;
  private final Faults faults;
  private final JobStore jobs = new JobStore();
  private final CustomModels customModels;
  private final SimulatorCounters counters = new SimulatorCounters();
  private final HttpClient client;
  private final CallbackRegistry callbacks;
  private final Router apiRouter;
  private final KeyCertOptions tls;
  private HttpServer apiServer;
  private HttpServer adminServer;
  private Future<Void> lastTransition = Future.succeededFuture();
  private volatile int port;
  private volatile int adminPort;

  private Simulator(Vertx vertx, SimulatorOptions options, KeyCertOptions tls) {
    this.vertx = vertx;
    this.tls = tls;
    this.options = options;
    this.faults = new Faults(vertx);
    this.customModels = new CustomModels(options.customization().maxModels());
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions()
        .setHttp1MaxSize(32));
    this.callbacks = new CallbackRegistry(client, options.signature());
    this.apiRouter = apiRouter();
  }

  public static Future<Simulator> start(Vertx vertx, SimulatorOptions options) {
    return start(vertx, options, null);
  }

  /** As {@link #start(Vertx, SimulatorOptions)}, the API port serving HTTPS/WSS with {@code tls} when not null. */
  public static Future<Simulator> start(Vertx vertx, SimulatorOptions options, KeyCertOptions tls) {
    Objects.requireNonNull(vertx, "vertx");
    Simulator simulator = new Simulator(vertx, Objects.requireNonNull(options, "options"), tls);
    return simulator.listenApi(options.port())
        .compose(v -> simulator.listenAdmin())
        .map(simulator)
        .onSuccess(s -> LOG.info(() -> "simulator: listening on " + s.baseUrl() + " (admin http://" + options.host()
            + ":" + s.adminPort() + "/__sim)"))
        .onFailure(error -> simulator.close());
  }

  public int port() {
    return port;
  }

  public int adminPort() {
    return adminPort;
  }

  public String baseUrl() {
    return (tls == null ? "http://" : "https://") + options.host() + ":" + port + options.basePath();
  }

  /** The IAM stand-in's token endpoint on the API port, outside the base path. */
  public String iamUrl() {
    return "http://" + options.host() + ":" + port + IamEndpoint.PATH;
  }

  /** REFUSE stops listening and closes open connections; UNAVAILABLE answers every API call 503. */
  public Future<Void> goDown(DownMode mode) {
    Objects.requireNonNull(mode, "mode");
    LOG.info(() -> "simulator: down (" + mode.name().toLowerCase(Locale.ROOT) + ")");
    faults.unavailable(mode == DownMode.UNAVAILABLE);
    return inOrder(mode == DownMode.UNAVAILABLE ? this::ensureListening : this::stopListening);
  }

  /** Listens again on the same port and stops answering 503. */
  public Future<Void> comeBack() {
    LOG.info("simulator: up");
    faults.unavailable(false);
    return inOrder(this::ensureListening);
  }

  /**
   * Data loss: every job, callback registration and custom model is gone (traffic counters and IAM tokens stay).
   */
  public void wipe() {
    int lost = jobs.size();
    int models = customModels.size();
    jobs.clear();
    callbacks.clear();
    customModels.clear();
    LOG.info(() -> "simulator: wiped " + lost + " jobs, " + models + " custom models and the callback allowlist");
  }

  /** Partial data loss: {@code count} jobs chosen at random are gone; answers how many. */
  public int forget(int count) {
    int lost = jobs.forget(count);
    LOG.info(() -> "simulator: forgot " + lost + " jobs");
    return lost;
  }

  /**
   * Benchmarks: {@code count} jobs that wait forever, as if clients had created them, with the ids a benchmark's
   * fill gives its journal records ({@code 00005eed-0000-4000-8000-} and the job's number in 12 hex digits).
   */
  public Future<Void> seed(int count) {
    if (count < 0 || count > MAX_SEEDED) {
      return Future.failedFuture(new IllegalArgumentException("jobs: " + count + " (expected: 0 to " + MAX_SEEDED
          + ")"));
    }
    return vertx.<Void>executeBlocking(() -> { // a million jobs take about a second: not on an event loop
      jobs.seed(count);
      return null;
    }, false).onSuccess(v -> LOG.info(() -> "simulator: seeded " + count + " waiting jobs"));
  }

  /** Answers that fraction of API calls 429 with Retry-After; 0 turns throttling off. */
  public void throttle(double fraction, int retryAfterSeconds) {
    faults.throttle(new Faults.Throttle(fraction, retryAfterSeconds));
    LOG.info(() -> "simulator: throttle " + fraction + " (Retry-After " + retryAfterSeconds + ")");
  }

  /** Adds latency before every API answer; Duration.ZERO turns it off. */
  public void slowDown(Duration latency) {
    faults.latency(Objects.requireNonNull(latency, "latency"));
    LOG.info(() -> "simulator: latency " + latency.toMillis() + " ms");
  }

  /**
   * Each job created from now on exists at once, but its {@code 201} waits {@code delay}: the window in which a
   * client that dies has had its job accepted without learning its id. Duration.ZERO: none, and the 201s still held
   * go out now.
   */
  public void delayCreatedReplies(Duration delay) {
    faults.createdReplyDelay(Objects.requireNonNull(delay, "delay"));
    LOG.info(() -> "simulator: 201s of created jobs held " + delay.toMillis() + " ms");
  }

  /**
   * The next {@code calls} API calls are read and then their connection is closed with no answer, as a server does
   * that ends a keep-alive connection just as a client reuses it.
   */
  public void dropConnections(int calls) {
    faults.drop(calls);
    LOG.info(() -> "simulator: dropping the connections of the next " + calls + " API calls");
  }

  /**
   * Every fault off: listening, no 503, no throttling, no latency, no held 201s, no dropped calls. Data and counters
   * are kept.
   */
  public Future<Void> reset() {
    throttle(0, 0);
    slowDown(Duration.ZERO);
    delayCreatedReplies(Duration.ZERO);
    dropConnections(0);
    return comeBack();
  }

  public SimulatorStats stats() {
    return new SimulatorStats(counters.jobsCreated(), counters.jobsByAudio(), counters.callbackRegistrations(),
        counters.notificationsSent(), faults.throttled(), callbacks.urls(), jobs.size(), counters.iamTokensIssued(),
        customModels.countsByStatus(), counters.trainings(), counters.jobChecks(), counters.jobLists());
  }

  /** Stops both ports and forgets every job, so no timer of this instance acts afterwards. */
  public synchronized Future<Void> close() {
    HttpServer api = apiServer;
    HttpServer admin = adminServer;
    apiServer = null;
    adminServer = null;
    jobs.clear();
    customModels.clear();
    return Future.join(api == null ? Future.succeededFuture() : api.close(),
            admin == null ? Future.succeededFuture() : admin.close())
        .eventually(() -> client.close())
        .mapEmpty();
  }

  private Router apiRouter() {
    ModelCatalog models = new ModelCatalog(options.basePath());
    Notifier notifier = new Notifier(client, callbacks, options.signature(), counters);
    JobLifecycle lifecycle = new JobLifecycle(vertx, jobs, notifier, options);
    IssuedTokens issued = new IssuedTokens();
    IamEndpoint iam = new IamEndpoint(issued, options.apiKey(), options.iamTokenTtl(), counters);
    ModelUse.Resolver used = (base, params) -> ModelUse.resolve(customModels, options.basePath(), base, params);
    return ApiRoutes.build(Router.router(vertx), options.basePath(), iam, faults,
        new AuthGate(options.apiKey(), issued),
        new JobRoutes(jobs, lifecycle, callbacks, models, counters, options, used, faults),
        new CallbackRoutes(callbacks, counters), models, new SyncRecognizeRoute(vertx, options, models, used),
        new RecognizeSocket(options, used), new CustomizationRoutes(vertx, customModels, models, counters, options));
  }

  /** Runs listen/close steps one after another, so "down" then "up" never races on the port. */
  private synchronized Future<Void> inOrder(Supplier<Future<Void>> step) {
    Future<Void> next = lastTransition.transform(previous -> step.get());
    lastTransition = next;
    return next;
  }

  private Future<Void> ensureListening() {
    synchronized (this) {
      if (apiServer != null) {
        return Future.succeededFuture();
      }
    }
    return listenApi(port);
  }

  private Future<Void> stopListening() {
    HttpServer server;
    synchronized (this) {
      server = apiServer;
      apiServer = null;
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  private Future<Void> listenApi(int wanted) {
    HttpServerOptions serverOptions = new HttpServerOptions()
        // Inflates Content-Encoding: gzip request bodies (the Java SDK can send them) before any handler reads
        // them, so audio is hashed and limited as decoded bytes.
        // UNCONFIRMED upstream behaviour: chose to accept gzip request bodies because the official SDK offers sending them.
        .setDecompressionSupported(true)
        .setMaxInitialLineLength(128 * 1024) // keyword lists make long query strings (64 KB seen)
        .setMaxFormAttributeSize(16 << 20) // Node sends a corpus given as a string as a plain form field
        .setMaxWebSocketFrameSize(1 << 20)
        .setMaxWebSocketMessageSize(16 << 20);
    serverOptions.setSsl(tls != null).setKeyCertOptions(tls);
    return vertx.createHttpServer(serverOptions)
        .requestHandler(request -> {
          // A body that is not the gzip it claims fails in the inflater, outside the routes. UNCONFIRMED: the
          // service's answer; 400 is the safe reading (a 5xx would count toward the gateway's outage detection).
          InvalidRequests.onUnreadableBody(request, (response, err) -> Replies.json(response, 400,
              ApiException.badRequest("The request body could not be decoded: " + err.getMessage()).toJson()));
          apiRouter.handle(request);
        })
        .listen(wanted, options.host())
        .map(server -> {
          synchronized (this) {
            apiServer = server;
          }
          port = server.actualPort();
          return null;
        });
  }

  private Future<Void> listenAdmin() {
    return vertx.createHttpServer()
        .requestHandler(AdminRoutes.build(vertx, this))
        .listen(options.adminPort(), options.host())
        .map(server -> {
          synchronized (this) {
            adminServer = server;
          }
          adminPort = server.actualPort();
          return null;
        });
  }
}
