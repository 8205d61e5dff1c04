using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;clock offset&gt; with optional &lt;timer&gt; children.</summary>
public sealed class GuestClock : ILibvirtXmlElement<GuestClock>
{
    public ClockOffset Offset { get; init; } = ClockOffset.Utc;
    public IReadOnlyList<GuestTimer> Timers { get; init; } = [];

    public XElement ToXml() =>
        new("clock",
            new XAttribute("offset", XmlEnumText<ClockOffset>.Format(Offset)),
            Timers.Select(t => t.ToXml()));

    public static GuestClock Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "clock");
        return new GuestClock
        {
            Offset = element.RequiredEnumAttr<ClockOffset>("offset"),
            Timers = element.Elements("timer").Select(GuestTimer.Parse).ToList(),
        };
    }
}

/// <summary>&lt;timer name tickpolicy present&gt;.</summary>
public sealed class GuestTimer : ILibvirtXmlElement<GuestTimer>
{
    public required TimerName Name { get; init; }
    public TimerTickPolicy? TickPolicy { get; init; }
    public bool? Present { get; init; }

    public XElement ToXml() =>
        new("timer",
            new XAttribute("name", XmlEnumText<TimerName>.Format(Name)),
            LibvirtXml.Attr("tickpolicy", TickPolicy),
            LibvirtXml.YesNo("present", Present));

    public static GuestTimer Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "timer");
        return new GuestTimer
        {
            Name = element.RequiredEnumAttr<TimerName>("name"),
            TickPolicy = element.OptionalEnumAttr<TimerTickPolicy>("tickpolicy"),
            Present = element.OptionalYesNoAttr("present"),
        };
    }
}

public enum ClockOffset
{
    [XmlEnum("utc")] Utc,
    [XmlEnum("localtime")] Localtime,
}

public enum TimerName
{
    [XmlEnum("rtc")] Rtc,
    [XmlEnum("pit")] Pit,
    [XmlEnum("hpet")] Hpet,
    [XmlEnum("kvmclock")] Kvmclock,
    [XmlEnum("tsc")] Tsc,
    [XmlEnum("hypervclock")] Hypervclock,
}

public enum TimerTickPolicy
{
    [XmlEnum("delay")] Delay,
    [XmlEnum("catchup")] Catchup,
    [XmlEnum("merge")] Merge,
    [XmlEnum("discard")] Discard,
}
