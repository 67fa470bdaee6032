package dev.streamedge.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrBlockTest {

  @ParameterizedTest(name = "{1} in {0} = {2}")
  @CsvSource({
      "192.0.2.0/24, 192.0.2.0, true",
      "192.0.2.0/24, 192.0.2.255, true",
      "192.0.2.0/24, 192.0.3.0, false",
      "192.0.2.10/32, 192.0.2.10, true",
      "192.0.2.10/32, 192.0.2.11, false",
      "192.0.2.10, 192.0.2.10, true",          // plain address: /32
      "192.0.2.10, 192.0.2.11, false",
      "192.0.2.77/24, 192.0.2.1, true",        // host bits ignored
      "10.0.0.0/8, 10.255.255.255, true",
      "10.0.0.0/8, 11.0.0.0, false",
      "172.16.0.0/12, 172.31.0.1, true",
      "172.16.0.0/12, 172.32.0.1, false",
      "0.0.0.0/0, 203.0.113.9, true",
      "0.0.0.0/0, 2001:db8::1, false",         // an IPv4 range never holds an IPv6 client
      "192.0.2.0/25, 192.0.2.127, true",
      "192.0.2.0/25, 192.0.2.128, false",
      "192.0.2.0/24, ::ffff:192.0.2.5, true",  // IPv4 client on a dual-stack socket
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "2001:db8::/32, 2001:db9::1, false",
      "2001:db8:abcd:12::/64, 2001:db8:abcd:12:1:2:3:4, true",
      "2001:db8:abcd:12::/64, 2001:db8:abcd:13::, false",
      "2001:db8::1, 2001:db8::1, true",        // plain address: /128
      "2001:db8::1, 2001:db8::2, false",
      "2001:db8::/127, 2001:db8::1, true",
      "2001:db8::/127, 2001:db8::2, false",
      "::/0, 2001:db8::1, true",
      "::/0, 192.0.2.1, false",
      "::1/128, ::1, true",
      "2001:DB8::/32, 2001:db8::9, true",
      "::ffff:192.0.2.0/120, 2001:db8::1, false",
      "2001:db8:0:0:0:0:0:1, 2001:db8::1, true",
      "fe80::1:2:3:4/64, fe80::9, true",
  })
  void contains(String cidr, String address, boolean expected) throws UnknownHostException {
    assertThat(CidrBlock.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}] is refused")
  @ValueSource(strings = {
      "", "/24", "192.0.2.0/", "192.0.2.0/33", "192.0.2.0/-1", "192.0.2.0/08", "192.0.2.0/ 8",
      "192.0.2", "192.0.2.0.1", "192.0.2.256", "192.0.02.1", "192.0.2.0x1", "1.2.3.4 ",
      "example.com", "localhost", "2001:db8::/129", "2001:db8:::1", "2001::db8::1", ":2001:db8::1",
      "2001:db8::1:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1", "fe80::1%eth0",
      "::ffff:1.2.3", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "２００１:db8::1", "١٩٢.0.2.1",
  })
  void refusesMalformed(String text) {
    assertThatThrownBy(() -> CidrBlock.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"::, 0", "::ffff:1.2.3.4, 128", "1:2:3:4:5:6:1.2.3.4, 128", "1::, 128", "1:2:3:4:5:6:7::, 128"})
  void parsesIpv6Forms(String text, int prefix) {
    assertThat(CidrBlock.parse(text + (prefix == 0 ? "/0" : "")).prefixLength()).isEqualTo(prefix);
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.0.2.1", "10.0.0.0/8", "2001:db8::/32", "::1"})
  void parsesWithoutDns(String text) {
    assertThat(CidrBlock.parse(text).toString()).isEqualTo(text);
  }
}
