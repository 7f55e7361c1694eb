package com.sttgateway.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Validates the URL-valued settings; any thread. */
final class HttpUrls {

  private HttpUrls() {}

  /** {@code url} as an http(s) URL with a host and neither query nor fragment; else a {@link ConfigException}. */
  static URI parse(Setting s, String url, String alternative) {
    String expected = "an http(s) URL such as https://api.us-south.speech-to-text.watson.cloud.ibm.com/instances/ID, or "
        + alternative;
    try {
      URI uri = new URI(url);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigException(s.key(), url, expected);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(s.key(), url, expected);
    }
  }
}
