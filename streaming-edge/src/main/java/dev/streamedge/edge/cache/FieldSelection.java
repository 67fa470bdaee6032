package dev.streamedge.edge.cache;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * CloudFront's cache-policy vocabulary for which query strings, headers or cookies take part:
 * {@code none}, {@code all}, {@code allowList} (only the items) or {@code allExcept} (all but the
 * items). Item comparison is exact for query-string and cookie names (CloudFront treats their
 * case as significant) and case-insensitive for header names.
 *
 * @param behavior which names are selected
 * @param items the names for allowList / allExcept
 */
public record FieldSelection(Behavior behavior, List<String> items) {
  public static final FieldSelection NONE = new FieldSelection(Behavior.NONE, List.of());
  public static final FieldSelection ALL = new FieldSelection(Behavior.ALL, List.of());

  public FieldSelection {
    Objects.requireNonNull(behavior, "behavior");
    items = List.copyOf(items);
    if ((behavior == Behavior.ALLOW_LIST || behavior == Behavior.ALL_EXCEPT) && items.isEmpty()) {
      throw new IllegalArgumentException(behavior.configName() + " needs at least one item");
    }
    if ((behavior == Behavior.NONE || behavior == Behavior.ALL) && !items.isEmpty()) {
      throw new IllegalArgumentException(behavior.configName() + " takes no items");
    }
  }

  public static FieldSelection allowList(String... items) {
    return new FieldSelection(Behavior.ALLOW_LIST, List.of(items));
  }

  public static FieldSelection allExcept(String... items) {
    return new FieldSelection(Behavior.ALL_EXCEPT, List.of(items));
  }

  /** How names are selected. */
  public enum Behavior {
    NONE("none"), ALL("all"), ALLOW_LIST("allowList"), ALL_EXCEPT("allExcept");

    private final String configName;

    Behavior(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    /**
     * Parses a configuration value, case-insensitively; CloudFront's older {@code whitelist} is
     * accepted for {@code allowList}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Behavior parse(String value) {
      String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "none" -> NONE;
        case "all" -> ALL;
        case "allowlist", "whitelist" -> ALLOW_LIST;
        case "allexcept" -> ALL_EXCEPT;
        default -> throw new IllegalArgumentException(
            "must be one of none, all, allowList, allExcept; got '" + value + "'");
      };
    }
  }

  /** Whether {@code name} is selected. */
  public boolean selects(String name, boolean ignoreCase) {
    return switch (behavior) {
      case NONE -> false;
      case ALL -> true;
      case ALLOW_LIST -> listed(name, ignoreCase);
      case ALL_EXCEPT -> !listed(name, ignoreCase);
    };
  }

  private boolean listed(String name, boolean ignoreCase) {
    for (String item : items) {
      if (ignoreCase ? item.equalsIgnoreCase(name) : item.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
