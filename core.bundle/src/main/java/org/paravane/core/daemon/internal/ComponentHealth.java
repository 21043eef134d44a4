package org.paravane.core.daemon.internal;

import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * How many DS components of the whole framework are satisfied, from Service Component
 * Runtime's view; names the ones that are not.
 */
record ComponentHealth(int total, int satisfied, List<String> unsatisfied) {

    static ComponentHealth of(ServiceComponentRuntime scr) {
        int total = 0;
        int ok = 0;
        List<String> bad = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!scr.isComponentEnabled(description)) {
                continue;
            }
            var configs = scr.getComponentConfigurationDTOs(description);
            if (configs.isEmpty() && "require".equals(description.configurationPolicy)) {
                continue; // waits for a configuration by design: not a failure
            }
            total++;
            boolean satisfied = false;
            for (ComponentConfigurationDTO config : configs) {
                satisfied |= config.state == ComponentConfigurationDTO.SATISFIED
                        || config.state == ComponentConfigurationDTO.ACTIVE;
            }
            if (satisfied) {
                ok++;
            } else {
                bad.add(description.name);
            }
        }
        return new ComponentHealth(total, ok, List.copyOf(bad));
    }
}
