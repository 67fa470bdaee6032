package dev.streamedge.packager.http;

import java.util.Objects;

/** The outcome of finding a resource: a representation to plan a response for, or a short error answer. */
public sealed interface Lookup {
  /** The resource exists; conditional and range handling follow. */
  record Found(Representation representation) implements Lookup {
    public Found {
      Objects.requireNonNull(representation, "representation");
    }
  }

  /** A 4xx/5xx answer with a short reason and how long a cache may keep it. */
  record Failed(int status, String reason, String cacheControl) implements Lookup {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(cacheControl, "cacheControl");
    }
  }

  /** A complete custom response (health, status JSON). */
  record Answer(Response response) implements Lookup {
    public Answer {
      Objects.requireNonNull(response, "response");
    }
  }

  static Lookup notFound(String reason, String cacheControl) {
    return new Failed(404, reason, cacheControl);
  }

  static Lookup badRequest(String reason) {
    return new Failed(400, reason, "no-store");
  }
}
