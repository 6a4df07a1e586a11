print("nanny")
