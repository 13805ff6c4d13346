package dev.odoorelease.engine.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.junit.jupiter.api.Test;
import dev.odoorelease.engine.config.DockerEndpoint;

class ContainerEndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ContainerEndpoints parse(String json, String engineHost) throws Exception {
        return ContainerEndpoints.parse("odoo-prod", JSON.readTree(json), engineHost);
    }

    @Test
    void publishedPortsAndNetworkAddressesOfALocalEngine() throws Exception {
        ContainerEndpoints e = parse("{\"NetworkMode\":\"bridge\",\"Cmd\":[\"odoo\"],\"NetworkSettings\":{"
                + "\"Ports\":{\"8069/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"18069\"},"
                + "{\"HostIp\":\"::\",\"HostPort\":\"18069\"}],\"8072/tcp\":null},"
                + "\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.5\"}}}}", null);

        assertThat(e.endpoints()).extracting(ContainerEndpoints.Endpoint::how).containsExactly(
                "published 8069/tcp on 0.0.0.0:18069", "network bridge 172.17.0.5:8069", "network bridge 172.17.0.5:8072");
        assertThat(e.addressOf(URI.create("http://127.0.0.1:18069/"))).map(ContainerEndpoints.Endpoint::how)
                .contains("published 8069/tcp on 0.0.0.0:18069");
        assertThat(e.addressOf(URI.create("http://localhost:18069/"))).isPresent();
        assertThat(e.addressOf(URI.create("http://172.17.0.5:8069/"))).isPresent();
        assertThat(e.addressOf(URI.create("http://127.0.0.1:18070/"))).as("another port").isEmpty();
        assertThat(e.addressOf(URI.create("http://172.17.0.6:8069/"))).as("another container's address").isEmpty();
    }

    @Test
    void aPortPublishedOnOneAddressMatchesOnlyThatAddress() throws Exception {
        ContainerEndpoints e = parse("{\"NetworkMode\":\"bridge\",\"Cmd\":[],\"NetworkSettings\":{"
                + "\"Ports\":{\"8069/tcp\":[{\"HostIp\":\"127.0.0.2\",\"HostPort\":\"18069\"}]},\"Networks\":{}}}", null);

        assertThat(e.addressOf(URI.create("http://127.0.0.2:18069/"))).isPresent();
        assertThat(e.addressOf(URI.create("http://127.0.0.1:18069/"))).isEmpty();
    }

    @Test
    void aHostNetworkContainerListensOnOdoosHttpPort() throws Exception {
        ContainerEndpoints e = parse("{\"NetworkMode\":\"host\",\"Cmd\":[\"-d\",\"prod\",\"--http-port=18123\"],"
                + "\"NetworkSettings\":{\"Ports\":{},\"Networks\":{\"host\":{\"IPAddress\":\"\"}}}}", null);

        assertThat(e.endpoints()).extracting(ContainerEndpoints.Endpoint::how)
                .containsExactly("host network, Odoo's http port 18123");
        assertThat(e.addressOf(URI.create("http://127.0.0.1:18123/"))).isPresent();
        assertThat(e.addressOf(URI.create("http://127.0.0.1:8069/"))).isEmpty();
        assertThat(ContainerEndpoints.httpPort(JSON.readTree("[\"odoo\",\"-p\",\"9000\"]"))).isEqualTo(9000);
        assertThat(ContainerEndpoints.httpPort(JSON.readTree("[\"odoo\"]"))).isEqualTo(8069);
    }

    @Test
    void aRemoteEnginesPublishedPortsAreOnItsHostAndItsNetworksAreNotReachable() throws Exception {
        ContainerEndpoints e = parse("{\"NetworkMode\":\"bridge\",\"Cmd\":[],\"NetworkSettings\":{"
                + "\"Ports\":{\"8069/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"18069\"}]},"
                + "\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.5\"}}}}", "127.0.0.3");

        assertThat(e.endpoints()).extracting(ContainerEndpoints.Endpoint::host).containsExactly("127.0.0.3");
        assertThat(e.addressOf(URI.create("http://127.0.0.3:18069/"))).isPresent();
        assertThat(e.addressOf(URI.create("http://172.17.0.5:8069/"))).isEmpty();
        assertThat(ContainerEndpoints.engineHost(DockerEndpoint.of("tcp://build-host:2376"))).isEqualTo("build-host");
        assertThat(ContainerEndpoints.engineHost(DockerEndpoint.of("unix:///var/run/docker.sock"))).isNull();
    }
}
