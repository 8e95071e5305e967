package io.eventengine.spring.internal;

import io.eventengine.core.EventEngine;
import io.eventengine.spring.TopicListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.convert.ConversionService;

/**
 * Finds {@link TopicListener} methods on every bean as it is initialized, checks them there (so a bad pattern or
 * parameter fails that bean's creation, naming it), and registers them on the engine once all singletons exist, before
 * the context's life cycle starts the engine. Beans made later (lazy, prototype) are registered at once.
 */
public final class TopicListenerRegistrar implements BeanPostProcessor, SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(TopicListenerRegistrar.class);

    private final ObjectProvider<EventEngine> engineProvider;
    private final ConversionService conversions = ApplicationConversionService.getSharedInstance();
    private final List<ListenerMethod> pending = new ArrayList<>();
    private @Nullable EventEngine engine; // guarded by this

    public TopicListenerRegistrar(ObjectProvider<EventEngine> engineProvider) {
        this.engineProvider = engineProvider;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        if (!AnnotationUtils.isCandidateClass(type, TopicListener.class)) {
            return bean;
        }
        Map<Method, TopicListener> annotated =
                MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<TopicListener>)
                        method -> AnnotatedElementUtils.findMergedAnnotation(method, TopicListener.class));
        for (Map.Entry<Method, TopicListener> e : annotated.entrySet()) {
            Method invocable = AopUtils.selectInvocableMethod(e.getKey(), bean.getClass());
            ListenerMethod listener;
            try {
                listener = ListenerMethod.of(bean, beanName, invocable, e.getValue(), conversions);
            } catch (IllegalArgumentException bad) {
                throw new BeanInitializationException(bad.getMessage(), bad);
            }
            if (listener.dropsReturnValues()) {
                log.warn("{} returns a value but names no replyTo: the value is dropped", listener);
            }
            add(listener);
        }
        return bean;
    }

    private synchronized void add(ListenerMethod listener) {
        EventEngine found = engine;
        if (found == null) {
            pending.add(listener);
        } else {
            listener.register(found);
        }
    }

    @Override
    public synchronized void afterSingletonsInstantiated() {
        EventEngine found = engineProvider.getObject();
        engine = found;
        for (ListenerMethod listener : pending) {
            listener.register(found);
            log.debug("Registered {}", listener);
        }
        pending.clear();
    }
}
