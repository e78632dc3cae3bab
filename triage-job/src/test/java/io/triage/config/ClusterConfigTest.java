package io.triage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.config.JobConfiguration;
import io.triage.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The shipped cluster configuration: safe by default, and consistent with what the job checks at start. */
class ClusterConfigTest {
    private static Configuration shipped() throws Exception {
        Configuration c = new Configuration();
        for (String line : Files.readAllLines(Path.of("conf/config.yaml"))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || !t.contains(":")) continue;
            int i = t.indexOf(':');
            c.setString(t.substring(0, i).strip(), t.substring(i + 1).strip());
        }
        return c;
    }

    @Test
    void jarUploadIsOff() throws Exception {
        assertEquals("false", shipped().getString("web.submit.enable", "true"));
    }

    @Test
    void theShippedSpecsFitTheShippedClustersRecoveryBound() throws Exception {
        Configuration cluster = shipped();
        assertEquals("exponential-delay", cluster.getString("restart-strategy.type", null));
        for (String name : new String[] {"flights", "fraud", "digits"}) {
            var spec = SpecLoader.loadNamed(name);
            Configuration effective = new Configuration(cluster);
            effective.addAll(JobConfiguration.forJob(spec, cluster));
            assertTrue(JobConfiguration.problems(spec, effective).isEmpty(),
                    name + ": " + JobConfiguration.problems(spec, effective));
        }
    }
}
