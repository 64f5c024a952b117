using QRCoder;

namespace PaySessions.Pos.Components.Shared;

public static class QrSvg
{
    /// <summary>Renders text as a scalable SVG QR code (medium error correction: survives a scratched screen).</summary>
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
