using Kumo.Compute.Api;
using Kumo.Compute.Manager;
using Kumo.Db;
using Kumo.Deployment.Configuration;
using Kumo.Image;

namespace Kumo.EndToEndTests;

/// <summary>What <see cref="LibvirtCloud.Cloud"/> hands to in-process tests: all of it from the running <c>KumoHost</c>.</summary>
public sealed record LibvirtCloudParts(KumoStores Stores, ComputeManager ComputeManager, ComputeApi Api, KumoOptions Options, IImageService Images);
