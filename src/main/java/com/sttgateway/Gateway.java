package com.sttgateway;

import com.sttgateway.admin.AdminServer;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.callbacks.CallbackRoutes;
import com.sttgateway.callbacks.Relay;
import com.sttgateway.jobs.JobRoutes;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.IndexRepair;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.proxy.FrontDoor;
import com.sttgateway.proxy.PassthroughProxy;
import com.sttgateway.recovery.RecoveryRunner;
import com.sttgateway.recovery.ReplayCredentials;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamClients;
import com.sttgateway.proxy.UpstreamTarget;
import com.sttgateway.proxy.WebSocketProxy;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.tls.Tls;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import com.sttgateway.upstream.Vouches;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.models.Vault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Wires the parts together and starts them in order; the table of contents of the running gateway. */
public final class Gateway {

  private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

  private final Vertx vertx;
  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private final Closers closers = new Closers();
  private Backbone backbone;
  private RecoveryRunner recovery;
  private UpstreamHealth health;
  private UpstreamClients clients;
  private HttpServer server;
  private HttpServer admin;
  private Tls tls;

  private Gateway(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
  }

  /** Starts every part; on failure, stops what had started and fails. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    return start(vertx, config, GatewayMetrics.standalone());
  }

  /** As {@link #start(Vertx, GatewayConfig)}, reporting into {@code metrics} (made with the Vertx's registry). */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
    Gateway gateway = new Gateway(vertx, config, metrics);
    return gateway.startParts().map(gateway).recover(err -> gateway.close().transform(v -> Future.failedFuture(err)));
  }

  private Future<Void> startParts() {
    if (!isLoopback(config.admin().host()) && !config.admin().token().isSet()) {
      return Future.failedFuture(new IllegalStateException("admin.host: '" + config.admin().host()
          + "' is beyond loopback, so admin.token (GATEWAY_OPS_TOKEN) must be set"));
    }
    tls = new Tls(vertx, config.tls());
    closers.add(tls::stop);
    return upstreamUrl()
        .compose(url -> Backbone.start(vertx, config, metrics, closers).compose(b -> {
          backbone = b;
          return startHealth(url);
        }).compose(v -> startServers(url)));
  }

  private Future<URI> upstreamUrl() {
    if (!config.upstream().embeddedSimulator()) {
      return Future.succeededFuture(config.upstream().url());
    }
    return Simulator.start(vertx, SimulatorOptions.defaults().withAdminPort(config.upstream().simulatorAdminPort()))
        .recover(PortInUse.named("upstream.simulatorAdminPort", config.upstream().simulatorAdminPort())).map(sim -> {
      closers.add(sim::close);
      LOG.warning("DEMO SETTING: upstream.url is 'embedded-simulator'. Requests go to the bundled simulator at "
          + sim.baseUrl() + " (fault controls: http://127.0.0.1:" + sim.adminPort() + "/__sim). "
          + "Set GATEWAY_UPSTREAM_URL to your Speech to Text service URL for real use.");
      return URI.create(sim.baseUrl());
    });
  }

  /** The upstream's state is known (first probe done) before any client is served. */
  private Future<Void> startHealth(URI upstreamUrl) {
    clients = UpstreamClients.create(vertx, config.upstream(), config.server(), tls, ClientPort.MAX_WEBSOCKET_FRAME);
    closers.add(clients::close);
    health = new UpstreamHealth(vertx, clients.probes(), new UpstreamTarget(upstreamUrl), config.health());
    metrics.upstreamUp(() -> health.state() == UpstreamState.UP);
    closers.addStop(health::stop);
    return health.start().mapEmpty();
  }

  /** The route table of the client port, then the ports, then recovery. */
  private Future<Void> startServers(URI upstreamUrl) {
    Backbone b = backbone;
    ObjectStore store = b.store();
    JobJournal journal = b.journal();
    CallbackJournal callbacks = b.callbacks();
    SecretBox secrets = b.secrets();
    Vault models = b.models();
    UpstreamTarget target = new UpstreamTarget(upstreamUrl);
    HttpClient client = clients.http();
    long idleMillis = TimeUnit.SECONDS.toMillis(config.upstream().idleTimeoutSeconds());
    Vouches vouches = new Vouches(health); // every upstream answer: health, and which credentials it accepts
    PassthroughProxy passthrough =
        new PassthroughProxy(client, target, new WebSocketProxy(clients.webSockets(), target), idleMillis, vouches);
    UpstreamCalls calls = new UpstreamCalls(client, target, idleMillis, vouches);
    SecretBox captured = "client".equals(config.replay().auth()) ? secrets : null;
    ReplayCredentials credentials = new ReplayCredentials(vertx, WebClient.wrap(client), config.replay(), secrets);
    Relay relay = startRelay(calls, b);
    models.startRecovery(client, target, calls, credentials, config.recovery(), metrics);
    recovery = new RecoveryRunner(vertx, new RecoveryRunner.Parts(client, target, calls, store, journal, callbacks,
        secrets, credentials, health, metrics, models.ids(), models::check), config.recovery(),
        relay == null ? null : relay.relayUrl());
    models.onRestored(() -> recovery.run("custom model restored"));
    JournaledForward forward = b.journaledForward(); // jobs and models share its heap budget
    FrontDoor frontDoor = new FrontDoor(List.of(
        // /__gateway/...: the relay endpoint in relay mode, 404 otherwise; never forwarded
        Relay.endpoint(relay),
        // POST .../v1/register_callback, .../v1/unregister_callback
        relay == null ? new CallbackRoutes(target, calls, callbacks, secrets) : relay.registrations(),
        // .../v1/customizations[/...], .../v1/acoustic_customizations[/...], .../v1/recognize: the model vault
        models.routes(target, passthrough, captured, forward),
        // POST, GET .../v1/recognitions; GET, DELETE .../v1/recognitions/{id}
        new JobRoutes(new JobRoutes.Parts(target, calls, journal, store, forward, config.journal(),
            captured, health, vouches, metrics, recovery::resubmitSoon, relay, models.ids()))),
        // every other route, unchanged
        passthrough);
    AdminServer adminServer = new AdminServer(vertx, new AdminServer.Parts(store, b.hazelcast(), health, recovery,
        journal, callbacks, config.admin().token(), metrics, config.admin().historySampleMillis(), models));
    List<HttpServer> servers = new ArrayList<>();
    return ClientPort.listen(vertx, config.server(), tls, frontDoor, closers)
        .compose(listening -> {
          servers.addAll(listening);
          server = listening.get(0);
          return adminServer.listen(config.admin().host(), config.admin().port(), tls.admin(new HttpServerOptions()))
              .recover(PortInUse.named("admin.port", config.admin().port()))
              .onSuccess(tls::watchAdminPort);
        })
        .compose(a -> {
          admin = a;
          closers.add(a::close);
          b.startReload();
          closers.add(recovery::stop);
          IndexRepair repair = new IndexRepair(vertx, b.hazelcast(), journal, store,
              recovery::memberLeft); // P6: this member's partitions hold what the store holds
          journal.index().whenComplete().onSuccess(v -> repair.start()); // the reload itself covers the rest
          closers.addStop(repair::stop);
          // Closed first: no new requests; in-flight ones (submissions being journaled) get 30 s to finish.
          closers.add(() -> Future.all(servers.stream().map(s -> s.shutdown(30, TimeUnit.SECONDS)).toList()));
          return recovery.start();
        })
        .onSuccess(v -> LOG.info("gateway listening on " + tls.scheme() + "://" + config.server().host() + ":"
            + server.actualPort() + " -> " + target + "; admin on " + config.admin().host() + ":"
            + admin.actualPort()));
  }

  /** Relay mode (callbacks.publicBaseUrl set): its own client for calls to clients' callback URLs; else null. */
  private Relay startRelay(UpstreamCalls upstream, Backbone b) {
    if (!config.callbacks().relay()) {
      return null;
    }
    HttpClient callbackClients = vertx.createHttpClient(tls.client(new HttpClientOptions().setConnectTimeout(5_000)),
        new PoolOptions().setHttp1MaxSize(64));
    closers.add(callbackClients::close);
    Relay relay = new Relay(vertx, callbackClients, upstream, b.callbacks(), b.secrets(), b.journal(), b.store(),
        config.callbacks(), config.journal(), metrics);
    relay.start();
    closers.addStop(relay::stop);
    LOG.info("callbacks: relay mode, relay URL " + relay.relayUrl());
    return relay;
  }

  public RecoveryRunner recovery() {
    return recovery;
  }

  public Vault models() {
    return backbone.models();
  }

  public JobJournal journal() {
    return backbone.journal();
  }

  public CallbackJournal callbacks() {
    return backbone.callbacks();
  }

  public ObjectStore store() {
    return backbone.store();
  }

  public UpstreamHealth health() {
    return health;
  }

  public int port() {
    return server.actualPort();
  }

  public int adminPort() {
    return admin.actualPort();
  }

  /** Stops every started part, last started first; never fails. */
  public Future<Void> close() {
    return closers.close();
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }
}
