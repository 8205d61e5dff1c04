using Kumo.Db;
using Kumo.Deployment.Configuration;
using Kumo.Image;
using Kumo.Messaging.Rpc;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// What the units of one process share: the options, the store, the bus, the image service's file
/// store, the clock and the loggers. In the all-in-one they are in-process; in multi-host mode the
/// store is PostgreSQL and the bus RabbitMQ, and each process has its own copy.
/// </summary>
public sealed record SharedServices(
    KumoOptions Options,
    KumoStores Stores,
    IMessageBus Bus,
    IImageService Images,
    TimeProvider Time,
    ILoggerFactory Loggers);
