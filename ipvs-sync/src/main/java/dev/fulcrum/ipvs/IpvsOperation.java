package dev.fulcrum.ipvs;

import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceKey;

/**
 * One change to the kernel table. The reconciler plans in these and the client turns each into exactly
 * one netlink request, so "operations issued" is a countable, testable quantity.
 */
public sealed interface IpvsOperation {
    ServiceKey service();

    /** Short verb for metrics tags and logs: add_service, update_destination, ... */
    String kind();

    /** A log-ready description, e.g. "add destination 10.0.0.2:80 to TCP 10.0.0.1:80". */
    String describe();

    record AddService(Service spec) implements IpvsOperation {
        public ServiceKey service() {
            return spec.key();
        }

        public String kind() {
            return "add_service";
        }

        public String describe() {
            return "add service " + spec.key().describe() + " sched " + spec.scheduler();
        }
    }

    record UpdateService(Service spec) implements IpvsOperation {
        public ServiceKey service() {
            return spec.key();
        }

        public String kind() {
            return "update_service";
        }

        public String describe() {
            return "update service " + spec.key().describe() + " sched " + spec.scheduler();
        }
    }

    record DeleteService(ServiceKey service) implements IpvsOperation {
        public String kind() {
            return "delete_service";
        }

        public String describe() {
            return "delete service " + service.describe();
        }
    }

    record AddDestination(ServiceKey service, Destination destination) implements IpvsOperation {
        public String kind() {
            return "add_destination";
        }

        public String describe() {
            return "add destination " + destination + " to " + service.describe();
        }
    }

    record UpdateDestination(ServiceKey service, Destination destination) implements IpvsOperation {
        public String kind() {
            return "update_destination";
        }

        public String describe() {
            return "update destination " + destination + " of " + service.describe();
        }
    }

    record DeleteDestination(ServiceKey service, DestinationId destination) implements IpvsOperation {
        public String kind() {
            return "delete_destination";
        }

        public String describe() {
            return "delete destination " + destination + " from " + service.describe();
        }
    }
}
