package com.sttgateway;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.admin.AdminServer;
import com.sttgateway.cluster.ClusterNode;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.callbacks.CallbackRoutes;
import com.sttgateway.callbacks.Relay;
import com.sttgateway.jobs.JobRoutes;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.EmbeddedS3;
import com.sttgateway.journal.IndexRepair;
import com.sttgateway.journal.IndexSeal;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.journal.RetentionSweeper;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.UploadBudget;
import com.sttgateway.journal.UploadRegistry;
import com.sttgateway.proxy.FrontDoor;
import com.sttgateway.proxy.PassthroughProxy;
import com.sttgateway.recovery.RecoveryRunner;
import com.sttgateway.recovery.ReplayCredentials;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamTarget;
import com.sttgateway.proxy.WebSocketProxy;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import com.sttgateway.upstream.Vouches;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.models.Vault;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Wires the parts together and starts them in order; the table of contents of the running gateway. */
public final class Gateway {

  private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
  private static final int MAX_WEBSOCKET_FRAME = 16 * 1024 * 1024;

  private final Vertx vertx;
  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private final List<Callable<Future<?>>> closers = new ArrayList<>();
  private WorkerExecutor journalIo;
  private WorkerExecutor journalUploads;
  private HazelcastInstance hazelcast;
  private ObjectStore store;
  private JobJournal journal;
  private UploadRegistry uploads;
  private Vault models;
  private RecoveryRunner recovery;
  private CallbackJournal callbacks;
  private SecretBox secrets;
  private UpstreamHealth health;
  private HttpServer server;
  private HttpServer admin;

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
    journalIo = vertx.createSharedWorkerExecutor("journal-io", 16, 10, TimeUnit.MINUTES);
    journalUploads = vertx.createSharedWorkerExecutor("journal-uploads", config.journal().maxConcurrentUploads(),
        2, TimeUnit.HOURS);
    closers.add(() -> journalIo.close());
    closers.add(() -> journalUploads.close());
    return upstreamUrl()
        .compose(url -> startObjectStore().compose(v -> startCluster()).compose(v -> startJournal())
            .compose(v -> startHealth(url)).compose(v -> startServers(url)));
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

  private Future<Void> startObjectStore() {
    GatewayConfig.ObjectStore os = config.objectStore();
    Future<ObjectStore> created = os.embedded()
        ? blocking(() -> EmbeddedS3.start(config.dataDir().resolve("objects"))).compose(s3 -> blocking(() -> {
            closers.add(() -> blocking(() -> { s3.close(); return null; }));
            LOG.info("object store: embedded S3 server at " + s3.endpoint() + " on " + config.dataDir().resolve("objects"));
            return new ObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), os.region(), os.bucket(), journalIo,
                journalUploads);
          }))
        : blocking(() ->
            new ObjectStore(os.endpoint(), os.accessKey(), os.secretKey().value(), os.region(), os.bucket(),
                journalIo, journalUploads));
    return created.compose(s -> {
      store = s;
      return s.ensureBucket();
    }).onSuccess(v -> LOG.info("object store ready: " + store.describe()));
  }

  private Future<Void> startCluster() {
    return blocking(() -> ClusterNode.start(config.cluster()))
        .recover(PortInUse.named("cluster.port", config.cluster().port())).map(hz -> {
      hazelcast = hz;
      closers.add(() -> blocking(() -> { hz.shutdown(); return null; }));
      LOG.info("hazelcast member up: " + hz.getCluster().getLocalMember().getAddress()
          + ", cluster of " + hz.getCluster().getMembers().size());
      return null;
    });
  }

  /** Cold start: the index is rebuilt from the object store before any client is served. */
  private Future<Void> startJournal() {
    callbacks = new CallbackJournal(store);
    uploads = new UploadRegistry(vertx, hazelcast);
    GatewayConfig.Journal settings = config.journal();
    return blocking(() -> SecretBox.load(settings.encryptionKey(), config.dataDir(), config.objectStore().embedded()))
        .compose(box -> {
          secrets = box;
          journal = new JobJournal(vertx, store, hazelcast, new IndexSeal(box.derive("job-index-seal")));
          return journal.reload();
        })
        .compose(count -> Vault.load(vertx, store, metrics).map(v -> { models = v; return count; }))
        .map(count -> {
          RetentionSweeper sweeper = new RetentionSweeper(vertx, journal, store, settings, uploads);
          sweeper.start(TimeUnit.SECONDS.toMillis(settings.sweepIntervalSeconds()));
          closers.add(() -> {
            sweeper.stop();
            return Future.succeededFuture();
          });
          return null;
        });
  }

  /** The upstream's state is known (first probe done) before any client is served. */
  private Future<Void> startHealth(URI upstreamUrl) {
    // Its own small pool, so a proxy pool full of long uploads never makes the probe look like an outage.
    HttpClient probes = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(config.upstream().connectTimeoutMillis()), new PoolOptions().setHttp1MaxSize(1));
    closers.add(probes::close);
    health = new UpstreamHealth(vertx, probes, new UpstreamTarget(upstreamUrl), config.health());
    metrics.upstreamUp(() -> health.state() == UpstreamState.UP);
    closers.add(() -> {
      health.stop();
      return Future.succeededFuture();
    });
    return health.start().mapEmpty();
  }

  private Future<Void> startServers(URI upstreamUrl) {
    GatewayConfig.Upstream up = config.upstream();
    UpstreamTarget target = new UpstreamTarget(upstreamUrl);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout(up.connectTimeoutMillis())
            .setKeepAlive(true)
            .setMaxInitialLineLength(config.server().maxInitialLineLength())
            .setMaxHeaderSize(config.server().maxHeaderSize()),
        new PoolOptions().setHttp1MaxSize(up.maxConnections()));
    WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setConnectTimeout(up.connectTimeoutMillis())
        .setMaxFrameSize(MAX_WEBSOCKET_FRAME)
        .setIdleTimeout(up.idleTimeoutSeconds()));
    closers.add(client::close);
    closers.add(wsClient::close);
    long idleMillis = TimeUnit.SECONDS.toMillis(up.idleTimeoutSeconds());
    Vouches vouches = new Vouches(health); // every upstream answer: health, and which credentials it accepts
    PassthroughProxy passthrough =
        new PassthroughProxy(client, target, new WebSocketProxy(wsClient, target), idleMillis, vouches);
    UpstreamCalls calls = new UpstreamCalls(client, target, idleMillis, vouches);
    SecretBox captured = "client".equals(config.replay().auth()) ? secrets : null;
    ReplayCredentials credentials = new ReplayCredentials(vertx, WebClient.wrap(client), config.replay(), secrets);
    Relay relay = startRelay(calls);
    models.startRecovery(client, target, calls, credentials, config.recovery(), metrics);
    recovery = new RecoveryRunner(vertx, new RecoveryRunner.Parts(client, target, calls, store, journal, callbacks,
        secrets, credentials, health, metrics, models.ids(), models::check), config.recovery(),
        relay == null ? null : relay.relayUrl());
    models.onRestored(() -> recovery.run("custom model restored"));
    JournaledForward forward = journaledForward(); // jobs and models share its heap budget
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
    AdminServer adminServer = new AdminServer(vertx, new AdminServer.Parts(store, hazelcast, health, recovery,
        journal, callbacks, config.admin().token(), metrics, config.admin().historySampleMillis(), models));
    // One server per event loop so proxying uses every core; they share the port (Vert.x server sharing,
    // where a negative port means "one shared ephemeral port").
    int port = config.server().port() == 0 ? -1 : config.server().port();
    List<HttpServer> servers = new CopyOnWriteArrayList<>();
    Supplier<Deployable> instance = () -> context -> vertx.createHttpServer(serverOptions()).requestHandler(frontDoor)
        .listen(port, config.server().host()).onSuccess(servers::add);
    return vertx.deployVerticle(instance, new DeploymentOptions().setInstances(eventLoops()))
        .recover(PortInUse.named("server.port", config.server().port()))
        .compose(deployment -> {
          server = servers.get(0);
          closers.add(() -> vertx.undeploy(deployment));
          return adminServer.listen(config.admin().host(), config.admin().port())
              .recover(PortInUse.named("admin.port", config.admin().port()));
        })
        .compose(a -> {
          admin = a;
          closers.add(a::close);
          closers.add(recovery::stop);
          IndexRepair repair = new IndexRepair(vertx, hazelcast, journal, store, () -> recovery.run("a member left"))
              .start(); // P6: a member left: this member's partitions hold every record the store holds
          closers.add(() -> Future.succeededFuture().onSuccess(v -> repair.stop()));
          // Closed first: no new requests; in-flight ones (submissions being journaled) get 30 s to finish.
          closers.add(() -> Future.all(servers.stream().map(s -> s.shutdown(30, TimeUnit.SECONDS)).toList()));
          return recovery.start();
        })
        .map(v -> {
          LOG.info("gateway listening on " + config.server().host() + ":" + server.actualPort() + " -> " + target
              + "; admin on " + config.admin().host() + ":" + admin.actualPort());
          return null;
        });
  }

  /** Request bodies into the journal and upstream at once; all submissions share one heap budget for parts. */
  private JournaledForward journaledForward() {
    GatewayConfig.Journal j = config.journal();
    return new JournaledForward(vertx, store, UploadBudget.forParts(j.maxConcurrentUploads(), j.partSizeBytes()),
        uploads, j.partSizeBytes(), java.time.Duration.ofSeconds(j.uploadStallSeconds()));
  }

  /** Relay mode (callbacks.publicBaseUrl set): its own client for calls to clients' callback URLs; else null. */
  private Relay startRelay(UpstreamCalls upstream) {
    if (!config.callbacks().relay()) {
      return null;
    }
    HttpClient clients = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(64));
    closers.add(clients::close);
    Relay relay = new Relay(vertx, clients, upstream, callbacks, secrets, journal, store, config.callbacks(),
        config.journal(), metrics);
    relay.start();
    closers.add(() -> {
      relay.stop();
      return Future.succeededFuture();
    });
    LOG.info("callbacks: relay mode, relay URL " + relay.relayUrl());
    return relay;
  }

  private static int eventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private HttpServerOptions serverOptions() {
    GatewayConfig.Server s = config.server();
    return new HttpServerOptions()
        // Clients sending Expect: 100-continue (curl, for large bodies) start at once instead of waiting 1 s.
        .setHandle100ContinueAutomatically(true)
        .setIdleTimeout(s.idleTimeoutSeconds())
        .setMaxInitialLineLength(s.maxInitialLineLength())
        .setMaxHeaderSize(s.maxHeaderSize())
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME);
  }

  public RecoveryRunner recovery() {
    return recovery;
  }

  public Vault models() {
    return models;
  }

  public JobJournal journal() {
    return journal;
  }

  public CallbackJournal callbacks() {
    return callbacks;
  }

  public ObjectStore store() {
    return store;
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
    Future<Void> chain = Future.succeededFuture();
    for (int i = closers.size() - 1; i >= 0; i--) {
      Callable<Future<?>> closer = closers.get(i);
      chain = chain.compose(v -> call(closer).<Void>mapEmpty().otherwiseEmpty());
    }
    closers.clear();
    return chain;
  }

  private static Future<?> call(Callable<Future<?>> closer) {
    try {
      return closer.call();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }
}
