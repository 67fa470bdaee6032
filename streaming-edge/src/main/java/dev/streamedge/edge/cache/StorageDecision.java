package dev.streamedge.edge.cache;

import java.util.Objects;

/** Whether (and as what) an origin response is stored. */
public sealed interface StorageDecision {
  /** Store {@code response} (its headers are already the ones to keep). */
  record Store(StoredResponse response) implements StorageDecision {
    public Store {
      Objects.requireNonNull(response, "response");
    }
  }

  /** Do not store; pass the response through. */
  record DoNotStore(NotStorable reason) implements StorageDecision {
    public DoNotStore {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why a response is not stored (for logs and the X-Cache detail). */
  enum NotStorable {
    METHOD("only responses to GET are stored (HEAD is answered from the GET entry)"),
    PARTIAL_CONTENT("206 is stored by the range/slice path, not as a whole object"),
    NOT_MODIFIED("304 refreshes a stored response; it is not one"),
    RANGE_NOT_SATISFIABLE("416 is never cached"),
    STATUS("this status is cached only with explicit freshness (max-age, s-maxage, Expires)"),
    REQUEST_NO_STORE("the request said no-store"),
    VARY_STAR("Vary: * never matches a later request"),
    AUTHORIZATION("request had Authorization and the response lacks public, s-maxage or must-revalidate"),
    NO_STORE("no-store (honored because minTtl is 0)"),
    PRIVATE("private (honored because minTtl is 0)"),
    SET_COOKIE("Set-Cookie without public/s-maxage/targeted field: one viewer's response"),
    ERROR_NOT_CACHED("error status not cacheable here (not listed, restricted, or needs max-age)"),
    NOTHING_TO_REUSE("zero freshness, no validators and no stale windows");

    private final String description;

    NotStorable(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }
}
