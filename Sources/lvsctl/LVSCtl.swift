@main struct PlaceholderCtl { static func main() {} }
