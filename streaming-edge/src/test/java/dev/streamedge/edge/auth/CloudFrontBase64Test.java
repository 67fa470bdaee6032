package dev.streamedge.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudFrontBase64Test {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "''|''",
      "f|Zg__",
      "fo|Zm8_",
      "foo|Zm9v",
      "\u00fb\u00ef|w7vDrw__", // bytes that give '+' and '/' in standard base64
      "??>|Pz8-",
      "???|Pz8~",
  })
  void encodesWithCloudFrontAlphabet(String text, String encoded) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (text.equals("??>") || text.equals("???")) {
      bytes = text.equals("??>") ? new byte[] {0x3f, 0x3f, 0x3e} : new byte[] {0x3f, 0x3f, 0x3f};
    }
    assertThat(CloudFrontBase64.encode(bytes)).isEqualTo(encoded);
  }

  @Test
  void roundTripsRandomBytesAndMatchesStandardBase64() throws Exception {
    Random r = new Random(7);
    for (int len = 0; len < 300; len++) {
      byte[] b = new byte[len];
      r.nextBytes(b);
      String enc = CloudFrontBase64.encode(b);
      String std = Base64.getEncoder().encodeToString(b);
      assertThat(enc).isEqualTo(std.replace('+', '-').replace('=', '_').replace('/', '~'));
      if (len > 0) {
        assertThat(CloudFrontBase64.decode(enc)).isEqualTo(b);
        // Unpadded input decodes to the same bytes.
        assertThat(CloudFrontBase64.decode(enc.replace("_", ""))).isEqualTo(b);
      }
    }
  }

  @ParameterizedTest(name = "[{0}] is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "''|empty",
      "Zm9v+|not CloudFront base64",   // '+' of the standard alphabet
      "Zm9v/A__|not CloudFront base64",
      "Zm8=|not CloudFront base64",     // '=' instead of '_'
      "Zm 9v|not CloudFront base64",
      "Zm9v\\n|not CloudFront base64",
      "Z_m9|not CloudFront base64",     // a pad inside the data
      "Zm9___|not CloudFront base64",   // three pads
      "Zm9v_|padding in the wrong place",
      "Zg_|padding in the wrong place",
      "Zm9vZ|impossible",
      "Zm9v%7E|not CloudFront base64",
      "Zm9vé|U+00E9",
  })
  void refusesMalformed(String input, String message) {
    assertThatThrownBy(() -> CloudFrontBase64.decode(input))
        .isInstanceOf(MalformedTokenException.class)
        .hasMessageContaining(message);
  }
}
