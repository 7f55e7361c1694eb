package com.sttgateway.journal;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The HTTP client the MinIO client talks to the object store with. For a plain-http endpoint (the embedded server,
 * or a store on a private network): cleartext only. The MinIO client builds a new OkHttp client from its own for
 * every PUT and POST, and OkHttp's constructor then compares the certificate-chain cleaners of the two, that is
 * every certificate of the JDK's trust store byte by byte: about a tenth of the gateway's CPU when it resubmits
 * jobs (JFR, bench/scale's upstream phase). A cleartext-only client has no TLS and skips that. For https: null,
 * the MinIO client's own default.
 */
final class StoreHttp {

  /** MinIO's own default timeouts (HttpUtils.DEFAULT_CONNECTION_TIMEOUT: 5 minutes). */
  private static final long TIMEOUT_MINUTES = 5;

  private StoreHttp() {}

  static OkHttpClient forEndpoint(String endpoint) {
    if (!"http".equalsIgnoreCase(URI.create(endpoint).getScheme())) {
      return null;
    }
    return new OkHttpClient.Builder()
        .connectTimeout(TIMEOUT_MINUTES, TimeUnit.MINUTES)
        .writeTimeout(TIMEOUT_MINUTES, TimeUnit.MINUTES)
        .readTimeout(TIMEOUT_MINUTES, TimeUnit.MINUTES)
        .protocols(List.of(Protocol.HTTP_1_1))
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .build();
  }
}
