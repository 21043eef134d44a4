package org.paravane.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.host.HostEnvironment;

/**
 * The daemon's bundle set in a real Felix: every bundle active, every DS component
 * satisfied, dom0 present and unique.
 */
class FrameworkHealthTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertEquals(List.of(), notActive, "bundles that are not active");
        long paravane = java.util.Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("org.paravane.")).count();
        assertTrue(paravane >= 9, "expected every Paravane bundle in the framework, found " + paravane);
    }

    @Test
    void everyComponentIsSatisfied(@InjectService(timeout = 10_000) ServiceComponentRuntime scr) {
        List<String> unsatisfied = new ArrayList<>();
        int count = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            var configs = scr.getComponentConfigurationDTOs(d);
            if (configs.isEmpty() && "require".equals(d.configurationPolicy)) {
                continue; // waits for configuration by design
            }
            count++;
            boolean ok = !configs.isEmpty() && configs.stream().allMatch(c ->
                    c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED);
            if (!ok) {
                unsatisfied.add(d.name + " " + configs.stream().map(c -> c.state + " " + c.failure).toList());
            }
        }
        assertEquals(List.of(), unsatisfied, "unsatisfied DS components");
        assertTrue(count >= 5, "expected the core's components, found " + count);
    }

    @Test
    void dom0IsThePrivilegedUniqueDomainZero(@InjectService(timeout = 10_000) DomainControl domains,
            @InjectService(timeout = 10_000) HostEnvironment host) {
        DomainInfo dom0 = domains.info(DomainControl.DOM0).orElseThrow();
        assertTrue(dom0.privileged());
        assertEquals("Domain-0", dom0.name());
        assertEquals(1, domains.list().stream().filter(DomainInfo::privileged).count());
        assertTrue(host.stateDirectory().toString().endsWith("itest-state"), host.stateDirectory().toString());
    }
}
