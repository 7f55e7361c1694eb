package com.sttgateway.proxy;

/**
 * Maps the customization ids clients use to the upstream's current ones (they differ after a model was restored).
 * Implemented by the model vault; {@link #NONE} where there is none. Thread-safe.
 */
public interface CustomizationIds {

  /** No mapping: every id is the upstream's. */
  CustomizationIds NONE = new CustomizationIds() {
    @Override
    public String upstreamQuery(String query) {
      return query;
    }

    @Override
    public String restoring(String query) {
      return null;
    }
  };

  /**
   * {@code query} (raw, may be empty) with every customization id parameter ({@code language_customization_id},
   * {@code customization_id}, {@code acoustic_customization_id}, {@code custom_language_model_id}) mapped to the
   * upstream's id; every other parameter byte for byte.
   */
  String upstreamQuery(String query);

  /** The client id of a model named in {@code query} that is being restored now; null when there is none. */
  String restoring(String query);
}
