package io.eventengine.benchmarks;

/**
 * The contenders by name, as scenarios list them in their {@code @Param}: the engine and its two adapters first, then
 * the peers. A name is built fresh per JMH trial (each in its own forked JVM), verified to hand off to another thread.
 */
final class Contenders {
    private Contenders() {}

    static Contender create(String name, int producers, int handlers) {
        Contender contender = switch (name) {
            case "engine" -> new EngineContenders.Direct(handlers);
            case "engineFlux" -> new EngineContenders.Flux(handlers);
            case "engineFlow" -> new EngineFlowContender(handlers);
            case "engineFluxAndFlow" -> new EngineFluxAndFlowContender(handlers); // IdleCpu only
            case "disruptorBlocking" -> new DisruptorContender("blocking", producers, handlers);
            case "disruptorYielding" -> new DisruptorContender("yielding", producers, handlers);
            case "reactorSink" -> new ReactorSinkContender(handlers);
            case "sharedFlow" -> new SharedFlowContender(handlers);
            case "guavaAsync" -> EventBusContenders.guava(handlers);
            case "greenrobot" -> EventBusContenders.greenrobot(handlers);
            case "arrayBlockingQueue" -> new QueueContenders.Blocking(handlers);
            case "jctoolsMpsc" -> new QueueContenders.Mpsc(handlers);
            default -> throw new IllegalArgumentException("Unknown contender '" + name + "'");
        };
        try {
            return contender.verified();
        } catch (RuntimeException e) {
            contender.close();
            throw e;
        }
    }
}
