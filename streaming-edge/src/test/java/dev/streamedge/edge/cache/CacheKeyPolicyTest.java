package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.http.HttpFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheKeyPolicyTest {
  private static FieldSelection selection(String spec) {
    if (spec.equals("none")) {
      return FieldSelection.NONE;
    }
    if (spec.equals("all")) {
      return FieldSelection.ALL;
    }
    int colon = spec.indexOf(':');
    return new FieldSelection(FieldSelection.Behavior.parse(spec.substring(0, colon)),
        List.of(spec.substring(colon + 1).split(",")));
  }

  private static HttpFields fields(String spec) {
    HttpFields.Builder b = HttpFields.builder();
    if (!spec.equals("-")) {
      for (String pair : spec.split(";;")) {
        int colon = pair.indexOf(':');
        b.add(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      }
    }
    return b.build();
  }

  /** query / headers / cookies selections, request → exact key text ('_' stands for the space). */
  @ParameterizedTest(name = "q={0} h={1} c={2} {3}?{4} [{5}] -> [{6}]")
  @CsvSource(delimiter = '|', value = {
      // defaults: path + whole query, exactly as received
      "all  | none | none | /videos/a.ts | v=2&x=1          | -  | /videos/a.ts?v=2&x=1_",
      "all  | none | none | /videos/a.ts | x=1&v=2          | -  | /videos/a.ts?x=1&v=2_",
      "all  | none | none | /index.html  | -                | -  | /index.html_",
      "all  | none | none | /index.html  | ''               | -  | /index.html_",
      "all  | none | none | /a%20b       | q=%2F&r          | -  | /a%20b?q=%2F&r_",
      "all  | none | none | /            | -                | Accept: x;;Cookie: s=1 | /_",
      "none | none | none | /a           | v=2              | -  | /a_",
      // allow list / all-except, in request order, names percent-decoded for matching
      "allowList:color | none | none | /a | color=red&size=large        | - | /a?color=red_",
      "allowList:color | none | none | /a | size=large&color=red        | - | /a?color=red_",
      "allowList:color | none | none | /a | size=large                  | - | /a_",
      "allowList:color | none | none | /a | colo%72=red                 | - | /a?colo%72=red_",
      "allowList:color | none | none | /a | Color=red                   | - | /a_",
      "allowList:color | none | none | /a | color=red&x=1&color=blue    | - | /a?color=red&color=blue_",
      "allowList:color | none | none | /a | color                       | - | /a?color_",
      "allowList:color,size | none | none | /a | size=L&&color=red&z=1  | - | /a?size=L&color=red_",
      "allExcept:utm_source | none | none | /a | a=1&utm_source=x&b=2   | - | /a?a=1&b=2_",
      "allExcept:utm_source | none | none | /a | utm_source=x           | - | /a_",
      "allExcept:utm_source | none | none | /a | %75tm_source=x         | - | /a_",
      // headers: lower-cased, sorted, absent distinct from empty
      "all | allowList:Accept-Language | none | /a | - | Accept-Language: fr        | /a_h15:accept-language2:fr",
      "all | allowList:Accept-Language | none | /a | - | -                          | /a_h15:accept-language-",
      "all | allowList:Accept-Language | none | /a | - | Accept-Language:           | /a_h15:accept-language0:",
      "all | allowList:Accept-Language | none | /a | - | accept-language:  de ;;ACCEPT-LANGUAGE: fr | /a_h15:accept-language6:de, fr",
      "all | allowList:X-B,x-a         | none | /a | - | X-A: 1;;X-B: 2             | /a_h3:x-a1:13:x-b1:2",
      // cookies: selected pairs sorted by name
      "all | none | allowList:session  | /a | - | Cookie: a=1; session=abc      | /a_c7:session3:abc",
      "all | none | allowList:session  | /a | - | Cookie: a=1                   | /a_c",
      "all | none | allowList:session  | /a | - | Cookie: Session=abc           | /a_c",
      "all | none | all                | /a | - | Cookie: b=2; a=1;;Cookie: c=3 | /a_c1:a1:11:b1:21:c1:3",
      "all | none | all                | /a | - | Cookie: x=2; x=1              | /a_c1:x1:21:x1:1",
      "all | none | all                | /a | - | Cookie: flag; a=                | /a_c1:a0:4:flag-",
      "all | none | allExcept:tracking | /a | - | Cookie: tracking=9; id=1      | /a_c2:id1:1",
      "all | allowList:Origin | allowList:id | /a | q=1 | Origin: o;;Cookie: id=7 | /a?q=1_h6:origin1:oc2:id1:7",
  })
  void keys(String q, String h, String c, String path, String query, String headers, String expected) {
    CacheKeyPolicy policy = new CacheKeyPolicy(selection(q), selection(h), selection(c));
    CacheKey key = policy.keyFor(path, query.equals("-") ? null : query, fields(headers));
    assertThat(key.value()).isEqualTo(expected.replace('_', ' '));
    assertThat(key.value()).startsWith(path);
    assertThat(key.value()).startsWith(key.urlPart() + " ");
  }

  /** Many tricky values; distinct (selected) inputs must give distinct keys, equal ones equal keys. */
  @Test
  void keysAreInjective() {
    CacheKeyPolicy policy = new CacheKeyPolicy(FieldSelection.allowList("a", "b"),
        FieldSelection.allowList("X-H", "X-I"), FieldSelection.allowList("s", "t"));
    String[] tricky = {null, "", "1", "1:", "-", "h", "c", "v", "1:a", "0:", "a b", "x-i1:1", "=", ";", "h1:x"};
    Map<String, String> seen = new HashMap<>();
    List<String> queries = new ArrayList<>();
    for (String a : tricky) {
      for (String b : new String[] {null, "1", "1:"}) {
        StringBuilder q = new StringBuilder();
        if (a != null && a.indexOf(' ') < 0 && a.indexOf('&') < 0) {
          q.append("a=").append(a);
        }
        if (b != null) {
          q.append(q.length() > 0 ? "&" : "").append("b=").append(b);
        }
        queries.add(q.toString());
      }
    }
    int count = 0;
    for (String query : queries) {
      for (String h : tricky) {
        for (String i : new String[] {null, "", "-", "1:-"}) {
          for (String s : new String[] {null, "", "1", "1:t"}) {
            HttpFields.Builder b = HttpFields.builder();
            if (h != null) {
              b.add("X-H", h);
            }
            if (i != null) {
              b.add("X-I", i);
            }
            if (s != null) {
              b.add("Cookie", "s=" + s + "; t=1");
            }
            String identity = query + "|" + (h == null ? "<none>" : "[" + h.strip() + "]") + "|"
                + (i == null ? "<none>" : "[" + i + "]") + "|" + (s == null ? "<none>" : "[" + s + "]");
            String key = policy.keyFor("/p", query, b.build()).value();
            String previous = seen.putIfAbsent(key, identity);
            assertThat(previous == null || previous.equals(identity))
                .as("key %s for %s and %s", key, previous, identity).isTrue();
            count++;
          }
        }
      }
    }
    assertThat(count).isGreaterThan(2000);
  }

  @ParameterizedTest(name = "invalid: {0}")
  @CsvSource(delimiter = '|', value = {
      "a b   | -",
      "/a b  | -",
      "/a    | x=1 2",
      "''    | -",
      "/a\tb | -",
  })
  void rejectsPathsAndQueriesThatCouldForgeTheKeyLayout(String path, String query) {
    assertThatThrownBy(() -> CacheKeyPolicy.DEFAULT.keyFor(path, query.equals("-") ? null : query, HttpFields.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsPoliciesThatMakeNoSense() {
    assertThatThrownBy(() -> new CacheKeyPolicy(FieldSelection.ALL, FieldSelection.ALL, FieldSelection.NONE))
        .hasMessageContaining("none or allowList");
    assertThatThrownBy(() -> new CacheKeyPolicy(FieldSelection.ALL, FieldSelection.allowList("cookie"), FieldSelection.NONE))
        .hasMessageContaining("cookies");
    assertThatThrownBy(() -> new FieldSelection(FieldSelection.Behavior.ALLOW_LIST, List.of()))
        .hasMessageContaining("allowList needs at least one item");
    assertThatThrownBy(() -> new FieldSelection(FieldSelection.Behavior.NONE, List.of("a")))
        .hasMessageContaining("none takes no items");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"none, NONE", "ALL, ALL", "allowList, ALLOW_LIST", "whitelist, ALLOW_LIST", "allExcept, ALL_EXCEPT", "AllExcept, ALL_EXCEPT"})
  void behaviorNames(String config, FieldSelection.Behavior expected) {
    assertThat(FieldSelection.Behavior.parse(config)).isEqualTo(expected);
  }

  @Test
  void unknownBehaviorNameIsExplained() {
    assertThatThrownBy(() -> FieldSelection.Behavior.parse("some"))
        .hasMessage("must be one of none, all, allowList, allExcept; got 'some'");
  }

  @Test
  void variantsStartWithTheirPrimaryKey() {
    CacheKey k = CacheKeyPolicy.DEFAULT.keyFor("/a", "x=1", HttpFields.of());
    CacheKey v = k.withVariant(Vary.secondaryKey(HttpFields.of("Vary", "Accept-Encoding"),
        HttpFields.of("Accept-Encoding", "gzip")).orElseThrow());
    assertThat(v.value()).startsWith(k.value()).isEqualTo("/a?x=1  v24:15:accept-encoding4:gzip");
    assertThat(v.urlPart()).isEqualTo("/a?x=1");
    assertThat(k.withVariant("").value()).isEqualTo("/a?x=1  v0:");
    assertThat(CacheKey.urlPrefix("/a?x=1")).isEqualTo("/a?x=1 ");
  }
}
