package cli

// The vendors of the command line, in help's order: a vendor is its own
// files and one line here.
func init() {
	Register(zoomVendor)
	Register(hmsVendor)
	Register(liveKitVendor)
	Register(agoraVendor)
	Register(twilioVendor)
	Register(jitsiVendor)
	Register(vonageVendor)
	Register(streamVendor)
	Register(dailyVendor)
	Register(tencentVendor)
	Register(zegoVendor)
}
